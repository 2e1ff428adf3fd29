/**
 * Questions about the conversation itself rather than the documents: "what did you just say?", "what was
 * my first question?", "summarise our conversation", "repeat your last answer". Offline, the agent answers
 * these from the conversation (without searching) when there is a conversation to answer from; a question
 * about the documents that happens to say "you" does not match, because each pattern names the exchange
 * itself (said, asked, answer, conversation...).
 */
const PATTERNS: RegExp[] = [
  /\b(?:you|u)\s+(?:just\s+|already\s+)?(?:said|say|told|mentioned|answered|wrote|replied|meant)\b/i,
  /\b(?:i|we)\s+(?:just\s+|already\s+)?(?:asked|ask|said|mentioned|told)\b(?!\s+(?:for|about\s+the\s+documents?))/i,
  /\b(?:your|the|my|our)\s+(?:last|previous|earlier|first|prior|second|latest)\s+(?:answer|reply|response|message|question)s?\b/i,
  /\b(?:our|this|the)\s+(?:conversation|chat|discussion|exchange)\b/i,
  /\b(?:repeat|rephrase|reword|summari[sz]e|shorten|simplify)\s+(?:that|this|it|your\s+(?:last\s+)?answer|the\s+(?:last\s+)?answer|what\s+you\s+said)\b/i,
];

export function isAboutConversation(question: string): boolean {
  return PATTERNS.some((p) => p.test(question));
}
