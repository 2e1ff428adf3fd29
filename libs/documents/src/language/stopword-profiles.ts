/**
 * The most frequent function words of each language the detector tells apart: in running text they make up a
 * third or more of the words, whatever the subject, so a few sentences are enough to recognise a language by
 * them. Words several languages share count less (see the detector). `config` is the PostgreSQL text search
 * configuration the language is indexed with; languages PostgreSQL has no stemmer for are still recognised,
 * so that their text is indexed with `simple` instead of being mistaken for a neighbour.
 */
export interface StopwordProfile {
  /** The language, for people and tests. */
  language: string;
  config: string;
  script: Script;
  words: string;
}

export type Script = 'latin' | 'cyrillic' | 'greek' | 'arabic' | 'hebrew' | 'devanagari' | 'tamil' | 'armenian';

export const STOPWORD_PROFILES: readonly StopwordProfile[] = [
  {
    language: 'english',
    config: 'english',
    script: 'latin',
    words:
      'the of and to in a is that for it as was with be by on not he i this are or his from at which but have an had ' +
      'they you were their one all we can her has there been if more when will would who so no its also these than ' +
      'into other only such about between our them some what do may should could those over after most both each ' +
      'how however did does out up any then were while where because through during without under being us my',
  },
  {
    language: 'german',
    config: 'german',
    script: 'latin',
    words:
      'der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat ' +
      'dass daß sie nach wird bei einer um am sind noch wie einem über einen so zum war haben nur oder aber vor zur ' +
      'bis mehr durch man sein wurde sei ich wir kann können diese dieser dieses wenn ihr ihre unter schon gegen ' +
      'zwischen sowie jedoch wurden kein keine welche welcher ob hier wo weil denn dann also sehr ohne beim vom',
  },
  {
    language: 'french',
    config: 'french',
    script: 'latin',
    words:
      'de la le et les des en un du une que est pour qui dans par plus pas au sur ne se ce il sont avec ou son aux ' +
      'mais nous vous ils elle cette été leur leurs être ont fait comme tout aussi entre sans sous dont où très peut ' +
      'ces ses lui même après avant donc car selon notre votre deux elles sa mes on y l d qu n s j c était avait ' +
      'cet ainsi lors chez celle celui ceux',
  },
  {
    language: 'spanish',
    config: 'spanish',
    script: 'latin',
    words:
      'de la que el en y a los del se las por un para con no una su al lo como más pero sus le ya o este porque ' +
      'esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni ' +
      'contra otros ese eso ante ellos e esto antes algunos qué unos yo otro otras otra él tanto esa estos mucho ' +
      'es son fue ha han era está están ser sido puede cada según',
  },
  {
    language: 'italian',
    config: 'italian',
    script: 'latin',
    words:
      'di e il la che in a per un del non è una le con i si della al da sono lo gli come dei ma nel più anche alla ' +
      'ha delle o questo se loro nella tra essere stato suo sua ci ne degli hanno quando molto questa dal dalla ' +
      'sul sulla tutti perché già fra cui mentre così era erano ogni quale senza l dell all nell sull questi ' +
      'quello quella viene essere può dopo',
  },
  {
    language: 'portuguese',
    config: 'portuguese',
    script: 'latin',
    words:
      'de a o que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu ' +
      'sua ou ser quando muito há nos já está eu também só pelo pela até isso ela entre era depois sem mesmo aos ' +
      'ter seus quem nas esse eles estão você tinha foram essa num nem suas às têm numa pelos elas havia seja ' +
      'qual será nós são pode sobre este esta',
  },
  {
    language: 'dutch',
    config: 'dutch',
    script: 'latin',
    words:
      'de en van het een in is dat op te zijn met voor niet die aan er om ook als dan maar bij of uit nog door ' +
      'wordt worden werd naar kan tot heeft hij ze zich wel geen meer deze dit was wat al over hun onder zo ons ' +
      'wij we haar hebben moet zou na tussen omdat hoe waar welke alle want toen zij veel',
  },
  {
    language: 'swedish',
    config: 'swedish',
    script: 'latin',
    words:
      'och i att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man ' +
      'när år hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra ' +
      'mycket än här då sedan över bara blir upp även vad hur mer detta hans utan sina något allt mellan blev ' +
      'någon några sitt dem bland genom ingen enligt mig redan inom du helt samma själv oss denna både',
  },
  {
    language: 'danish',
    config: 'danish',
    script: 'latin',
    words:
      'og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham ' +
      'hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når ' +
      'være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig anden hende mine alt ' +
      'meget sit sine mod disse hvis din nogle hos blive mange bliver hendes været sådan',
  },
  {
    language: 'norwegian',
    config: 'norwegian',
    script: 'latin',
    words:
      'og i jeg det at en et den til er som på de med han av ikke der så var meg seg men har om vi min mitt ha ' +
      'hadde hun nå over da ved fra du ut sin dem oss opp man kan hans hvor eller hva skal selv her alle vil bli ' +
      'ble blitt kunne inn når være kom noen noe ville dere deres kun etter ned skulle denne for deg si sine sitt ' +
      'mot å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hver hvem hvis både bare enn fordi ' +
      'før mange også slik vært',
  },
  {
    language: 'finnish',
    config: 'finnish',
    script: 'latin',
    words:
      'ja on ei se että oli hän mutta kun tai myös ne niin joka ovat sen jo kuin mitä vain nyt jos sitten ole olla ' +
      'voi tämä tässä hänen kanssa koska vielä sekä jotka mukaan ollut sitä siitä kaikki mikä miten jossa siis eli ' +
      'vaan yli ennen aina jälkeen paljon minä sinä me te he olen olet olemme tämän näin joita jonka',
  },
  {
    language: 'hungarian',
    config: 'hungarian',
    script: 'latin',
    words:
      'a az és hogy nem is egy meg de van volt csak már még el ki mint azt ez ha be úgy vagy pedig mert fel után ' +
      'sem kell lesz ezt amely aki mely mi igen között szerint nagyon lehet így majd több minden én te ő ti ők való ' +
      'volna ahol amit nincs vannak voltak ami akkor ennek annak illetve valamint alatt egyik során',
  },
  {
    language: 'turkish',
    config: 'turkish',
    script: 'latin',
    words:
      've bir bu da de için ile olarak çok daha olan gibi en ne ama sonra kadar o var ya her mi ben sen biz siz ' +
      'onlar değil ise yok şu çünkü göre ancak veya hem hiç nasıl neden olduğu olduğunu ki diye ilk tüm bazı şey ' +
      'oldu böyle bile bunu buna bunun olan ayrıca',
  },
  {
    language: 'romanian',
    config: 'romanian',
    script: 'latin',
    words:
      'și şi în de la cu a pe nu din că o un să se este mai care pentru sau ce au lui fost dar sunt ca prin această ' +
      'acest fi după însă cum când foarte poate către fără între iar îi își le ne noi voi ei ele acesta aceasta ' +
      'despre unei unui ale al cel cea cei cele până doar deja fiind',
  },
  {
    language: 'catalan',
    config: 'catalan',
    script: 'latin',
    words:
      'de la el i que a en les per del un una amb els es no al com més però o ha ser és són va seu seva han sense ' +
      'sobre també quan perquè aquest aquesta aquests entre fins molt tot tots on ja hi ho li ens us jo ell ella ' +
      'nosaltres ells elles d l s n dels pels seus seves',
  },
  {
    language: 'indonesian',
    config: 'indonesian',
    script: 'latin',
    words:
      'yang dan di itu dengan untuk tidak ini dari dalam akan pada juga saya ke karena tersebut bisa ada mereka ' +
      'lebih sudah atau saat oleh menjadi orang ia telah adalah seperti sebagai bahwa dapat para harus namun kita ' +
      'masih hanya kepada kami setelah lalu belum lain dia kalau banyak menurut anda hingga tak baru beberapa ' +
      'ketika saja secara sangat hal sehingga bagi agar sejak merupakan',
  },
  {
    language: 'lithuanian',
    config: 'lithuanian',
    script: 'latin',
    words:
      'ir yra kad su į iš ne o bet tai jis ji jie jos kaip buvo tik dar taip per apie už prie nuo po jau kuris ' +
      'kuri kurie kurių arba nes bus būti gali labai savo mes jūs aš tu ar',
  },
  // Recognised so that they are not taken for a neighbour; PostgreSQL has no stemmer for them.
  {
    language: 'polish',
    config: 'simple',
    script: 'latin',
    words:
      'i w z na się nie do to że jest o jak a po co tak za od jego ale przez są było być może tylko jej już ich ' +
      'oraz dla lub który która które przy tym także gdy bardzo czy jednak będzie był była',
  },
  {
    language: 'czech',
    config: 'simple',
    script: 'latin',
    words:
      'a v se na je že s z do o to jako k ve by pro i ale jsou jak po tak jeho které který která byl bylo byla ' +
      'jsem také už nebo jen než při od jejich podle mezi když může bude této tento',
  },
  {
    language: 'russian',
    config: 'russian',
    script: 'cyrillic',
    words:
      'и в не на я что он с со как а то все она так его но да ты к у же вы за бы по только ее её мне было вот от ' +
      'меня еще ещё нет о из ему теперь когда даже ну ли если уже или ни быть был него до вас там потом себя ей ' +
      'может они тут где есть надо ней для мы тебя их чем была сам без чего тоже себе под будет кто этот того ' +
      'потому этого какой здесь этом один тем чтобы сейчас были всех можно при после над больше тот через эти ' +
      'нас про них много более также который которые которая является',
  },
  {
    language: 'serbian',
    config: 'serbian',
    script: 'cyrillic',
    words:
      'и у је да се на за од са не су из као то које који која што ће би али или само био била било још када ' +
      'јер све до кроз према између тако већ овај ова ово тај та то их му им нас вас ја ти он она ми ви они',
  },
  {
    language: 'ukrainian',
    config: 'simple',
    script: 'cyrillic',
    words:
      'і й та в у на з що не до як це за від про по його її він вона вони ми ви але або якщо також було був була ' +
      'бути є які який яка щоб тому між під над після через ще вже тільки',
  },
  {
    language: 'greek',
    config: 'greek',
    script: 'greek',
    words:
      'και το να του η της ο σε που την τα με για τον των δεν είναι από στο στην οι θα ένα μια ως στη στα στον ' +
      'αυτό αυτή αλλά ή μας σας τους τις όπως όταν επίσης μετά πριν',
  },
  {
    language: 'arabic',
    config: 'arabic',
    script: 'arabic',
    words:
      'في من على إلى أن عن مع هذا هذه التي الذي كان ما لا هو هي قد لم و أو ثم كل بين بعد عند حتى ذلك تلك ' +
      'إن كانت الى ان او لقد منذ حيث غير أي أيضا وقد وهو وفي',
  },
  {
    language: 'persian',
    config: 'simple',
    script: 'arabic',
    words:
      'و در به از که این را با است برای آن یک خود تا کرد بر هم نیز شده شود می بود ها او ما آنها دارد باید ' +
      'کند اند همه ای یا',
  },
  {
    language: 'yiddish',
    config: 'yiddish',
    script: 'hebrew',
    words: 'און די דער איז פֿון פון מיט אַ א צו אין ניט נישט דאָס דאס אויף ער זי איך מען װאָס וואס ווי זיך האָט',
  },
  {
    language: 'hebrew',
    config: 'simple',
    script: 'hebrew',
    words: 'של את על זה לא הוא עם גם כי אם היא הם אני יש כל או אבל מה רק היה עוד לו בין אשר',
  },
  {
    language: 'hindi',
    config: 'hindi',
    script: 'devanagari',
    words: 'के का की है में और को से पर यह एक भी नहीं हैं था कि जो कर लिए ने इस तो हो गया वह थे रहे साथ अपने कुछ ' + 'किया होता हुआ',
  },
  {
    language: 'nepali',
    config: 'nepali',
    script: 'devanagari',
    words: 'र को मा छ हो गर्न पनि यो भएको गरेको लागि छन् थियो हुने गरी तथा त्यो उनी उनले भने गर्ने रहेको',
  },
  {
    language: 'tamil',
    config: 'tamil',
    script: 'tamil',
    words: 'ஒரு மற்றும் இந்த அந்த என்று இது அது உள்ள என்ற ஆகும் போது மேலும் அல்லது என அவர் இருந்து',
  },
  {
    language: 'armenian',
    config: 'armenian',
    script: 'armenian',
    words: 'և է որ այդ այս են մի իր նա համար հետ էր ու թե բայց կամ նաև որը որոնք',
  },
];
