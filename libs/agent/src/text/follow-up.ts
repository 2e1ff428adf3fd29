import { contentTerms, isStopword, wordsOf } from './terms';

/**
 * Words that point back at something said before: personal pronouns always, demonstratives only standing
 * alone ("what about that?", "how long does that last?"), not as determiners ("this policy") or relatives
 * ("the policy that covers refunds").
 */
const ANAPHORA =
  /\b(it|its|they|them|their|theirs)\b|(?<=^|[,;]\s*|\b(?:is|are|was|were|does|do|did|about|of|for|with|on|in|to|what|how|why|and|but|explain|repeat)\s+)(this|that|these|those)(?=\s*(?:[?.!,;]|$|\s(?:is|are|was|were|does|do|did|cost|costs|mean|means|last|lasts|take|takes|include|includes|cover|covers|work|works|apply|applies)\b))/i;
/** Openings that continue the previous question instead of asking a new one. */
const CONTINUATION =
  /^\s*(?:and|but|also|so|then|or|what about|how about|and what about|what of|same for|ok(?:ay)?,?|and how|and why|and when|and where)\b/i;
/** Prepositions after which a question usually names its topic ("the warranty OF the X200"). */
const TOPIC_PREPOSITIONS = new Set(['of', 'for', 'about', 'on', 'regarding', 'concerning', 'in', 'with', 'to']);
const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'does',
  'do',
  'did',
  'can',
  'could',
  'should',
  'will',
  'has',
  'have',
]);

/**
 * Whether a question needs the conversation to be understood: it continues the last one ("and the
 * price?"), points back at it ("how much does it cost?"), or names too little on its own to be searched.
 */
export function isFollowUp(question: string): boolean {
  if (CONTINUATION.test(question)) return true;
  if (ANAPHORA.test(question)) return true;
  return contentTerms(question).length <= 1;
}

/**
 * The topic of a question, as written: the phrase after its last topic preposition ("...period for THE X200
 * ROBOT"), else what follows its auxiliary verb ("What is THE X200"), else its content words.
 */
export function topicOf(question: string): string {
  const words = wordsOf(question);
  const lower = words.map((w) => w.toLowerCase());
  for (let i = lower.length - 2; i >= 0; i--) {
    if (!TOPIC_PREPOSITIONS.has(lower[i])) continue;
    const phrase = words.slice(i + 1);
    if (phrase.some((w) => !isStopword(w))) return phrase.join(' ');
  }
  const aux = lower.findIndex((w) => AUXILIARIES.has(w));
  if (aux >= 0 && aux < lower.length - 1) {
    const phrase = words.slice(aux + 1);
    if (phrase.some((w) => !isStopword(w))) return phrase.join(' ');
  }
  return words.filter((w) => !isStopword(w)).join(' ');
}

/**
 * A follow-up made standalone without a model: the pronoun that points back is replaced by the previous
 * question's topic ("How much does it cost?" after "What is the warranty of the X200 robot?" becomes "How
 * much does the X200 robot cost?"); a question that only continues ("And the price?") gets the topic added
 * ("the price of the X200 robot?"). Leading "and", "but"... go. Questions that stand alone are returned as
 * they are.
 */
export function standaloneQuestion(question: string, previousQuestion: string | undefined): string {
  const q = question.trim();
  if (!previousQuestion || !isFollowUp(q)) return q;
  const topic = topicOf(previousQuestion).trim();
  if (!topic) return q;
  const topicTerms = new Set(contentTerms(topic));
  // Nothing to add when the question already names the topic.
  if (contentTerms(q).some((t) => topicTerms.has(t)) && !ANAPHORA.test(q)) return q;
  let body = q.replace(CONTINUATION, '').replace(/^[\s,]+/, '');
  const mark = /[?.!]+$/.exec(body)?.[0] ?? '?';
  body = body.replace(/[?.!]+$/, '').trim();
  const anaphor = ANAPHORA.exec(body);
  if (anaphor) {
    const word = (anaphor[1] ?? anaphor[2]).toLowerCase();
    const possessive = ['its', 'their', 'theirs', 'his', 'her', 'hers'].includes(word);
    const replacement = possessive ? `${topic}'s` : topic;
    body = `${body.slice(0, anaphor.index)}${replacement}${body.slice(anaphor.index + anaphor[0].length)}`;
  } else {
    body = body ? `${body} of ${topic}` : topic;
  }
  body = body.charAt(0).toUpperCase() + body.slice(1);
  return `${body}${mark}`;
}
