import { chunkTextSearchConfigs } from './chunk-languages';
import { detectLanguage } from './language-detector';
import { textSearchConfigOf } from './text-search-languages';

/** The same paragraph in each language (a few sentences, as a chunk holds). */
const PARAGRAPHS: Record<string, string> = {
  english:
    'The houses in the old town were built in the eighteenth century. Today they are one of the most popular ' +
    'places for visitors from all over the world, and the city has restored many of them with care.',
  german:
    'Die Häuser in der Altstadt wurden im achtzehnten Jahrhundert gebaut. Heute sind sie eines der beliebtesten ' +
    'Ziele für Besucher aus aller Welt, und die Stadt hat viele von ihnen mit großer Sorgfalt restauriert.',
  french:
    "Les maisons de la vieille ville ont été construites au dix-huitième siècle. Aujourd'hui, elles sont l'une " +
    'des destinations les plus appréciées des visiteurs du monde entier, et la ville en a restauré beaucoup avec soin.',
  spanish:
    'Las casas del casco antiguo fueron construidas en el siglo dieciocho. Hoy son uno de los destinos más ' +
    'populares para los visitantes de todo el mundo, y la ciudad ha restaurado muchas de ellas con cuidado.',
  italian:
    'Le case del centro storico sono state costruite nel diciottesimo secolo. Oggi sono una delle mete più amate ' +
    'dai visitatori di tutto il mondo, e la città ne ha restaurate molte con grande cura.',
  portuguese:
    'As casas do centro histórico foram construídas no século dezoito. Hoje são um dos destinos mais procurados ' +
    'pelos visitantes de todo o mundo, e a cidade restaurou muitas delas com cuidado.',
  dutch:
    'De huizen in de oude binnenstad werden in de achttiende eeuw gebouwd. Vandaag zijn ze een van de populairste ' +
    'bestemmingen voor bezoekers uit de hele wereld, en de stad heeft er veel van met zorg gerestaureerd.',
  swedish:
    'Husen i gamla stan byggdes på sjuttonhundratalet. I dag är de ett av de mest populära resmålen för besökare ' +
    'från hela världen, och staden har restaurerat många av dem med stor omsorg.',
  russian:
    'Дома в старом городе были построены в восемнадцатом веке. Сегодня это одно из самых популярных мест для ' +
    'гостей со всего мира, и город с большой заботой восстановил многие из них.',
  finnish:
    'Vanhankaupungin talot rakennettiin kahdeksannellatoista vuosisadalla. Nykyään ne ovat yksi suosituimmista ' +
    'kohteista, ja kaupunki on kunnostanut monet niistä huolella, koska ne ovat myös tärkeä osa sen historiaa. ' +
    'Kun kävijä on kaupungissa, hän voi nähdä ne kaikki myös yöllä, sillä ne ovat valaistuja.',
};

describe('detectLanguage', () => {
  it.each(Object.entries(PARAGRAPHS))('recognises %s', (language, text) => {
    const guess = detectLanguage(text);
    expect(guess.language).toBe(language);
    expect(guess.config).toBe(language);
    expect(guess.confidence).toBe('high');
  });

  it('recognises languages PostgreSQL has no stemmer for, and indexes them with simple', () => {
    const polish =
      'Domy na starym mieście zostały zbudowane w osiemnastym wieku i są dziś jednym z najpopularniejszych ' +
      'miejsc dla gości z całego świata, a miasto odnowiło wiele z nich z dużą starannością.';
    expect(detectLanguage(polish)).toMatchObject({ language: 'polish', config: 'simple' });
  });

  it('says nothing about text without function words: tables, numbers, other scripts', () => {
    expect(detectLanguage('SKU-1234 42.00 EUR; SKU-9876 13.50 EUR; SKU-5555 7.25 EUR')).toMatchObject({
      config: 'simple',
      confidence: 'none',
    });
    expect(detectLanguage('')).toMatchObject({ config: 'simple', confidence: 'none' });
    expect(detectLanguage('这是一个用于测试语言检测功能的中文句子，它没有空格。').config).toBe('simple');
  });

  it('reads a short note by its one telling word, with low confidence', () => {
    expect(detectLanguage('Warehouse robots need new batteries and wheel bearings every spring.')).toMatchObject({
      config: 'english',
      confidence: 'low',
    });
  });

  it('gives a short sentence a low-confidence reading only', () => {
    expect(detectLanguage('Wo sind die alten Häuser der Stadt?')).toMatchObject({
      config: 'german',
      confidence: 'low',
    });
  });
});

describe('chunkTextSearchConfigs', () => {
  it('indexes every chunk in the document language, except a chunk clearly in another one', () => {
    const texts = [PARAGRAPHS.english, 'Table 3: 12.5 14.2 18.9', PARAGRAPHS.english, PARAGRAPHS.german];
    const { document, configs } = chunkTextSearchConfigs(texts);
    expect(document?.config).toBe('english');
    expect(configs).toEqual(['english', 'english', 'english', 'german']);
  });

  it('applies an override to every chunk without detecting anything', () => {
    expect(chunkTextSearchConfigs([PARAGRAPHS.english, PARAGRAPHS.french], 'french')).toEqual({
      configs: ['french', 'french'],
    });
  });

  it('falls back to simple when the document has no recognisable language', () => {
    expect(chunkTextSearchConfigs(['12 14 18', 'SKU-1 SKU-2']).configs).toEqual(['simple', 'simple']);
  });
});

describe('textSearchConfigOf', () => {
  it.each([
    ['de', 'german'],
    ['de-AT', 'german'],
    ['pt_BR', 'portuguese'],
    ['German', 'german'],
    ['Deutsch', 'german'],
    ['nb', 'norwegian'],
    ['simple', 'simple'],
  ])('%s names %s', (value, config) => expect(textSearchConfigOf(value)).toBe(config));

  it.each([['klingon'], [''], [42], [null]])('%p names none', (value) => {
    expect(textSearchConfigOf(value)).toBeUndefined();
  });
});
