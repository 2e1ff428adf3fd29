/** The texts the agent sends to a model, and the fixed answers it gives without one. */

/** The answer when the documents hold nothing that answers the question. */
export const NOT_IN_DOCUMENTS = 'The documents do not contain the answer to this question.';

/** The answer to a question the workspace's safety policy blocks as a prompt-injection attempt. */
export const BLOCKED_ANSWER =
  "This question looks like an attempt to override the assistant's instructions, so it was not answered.";

/** The answer to a question about the conversation that the conversation does not answer. */
export const NOT_IN_CONVERSATION = 'Our conversation so far does not answer that.';

export const ANSWER_INSTRUCTIONS =
  "You answer questions about the user's documents using only the numbered sources given. After each " +
  'sentence, cite the sources it comes from by their numbers in square brackets, like [1] or [2, 3]. Cite ' +
  'only the numbers of the sources given, and state nothing the sources do not say. If the sources do not ' +
  `contain the answer, reply exactly: "${NOT_IN_DOCUMENTS}" Be concise.`;

export const REGENERATE_INSTRUCTIONS =
  'Your previous answer contained sentences that the sources it cited do not support. Answer again, ' +
  'stating only what the sources say, each sentence followed by the numbers of the sources that say it.';

export const CONVERSATION_INSTRUCTIONS =
  "Answer the user's question about this conversation from the conversation itself (its summary and " +
  'messages). Do not cite sources. If the conversation does not answer it, say so briefly.';

export const REWRITE_INSTRUCTIONS =
  "Rewrite the user's last question as one standalone search query that can be understood without the " +
  'conversation: replace pronouns and references with what they refer to. Reply with the query only, on one ' +
  'line, without quotes or explanation.';

export const CORRECTION_INSTRUCTIONS =
  'A search of the documents found no passage that answers the question below. Write a different search ' +
  'query for it: other words, synonyms, the key terms alone. Reply with the query only, on one line.';

export const GRADE_INSTRUCTIONS =
  'Decide which of the passages below help answer the question. Reply with a JSON object ' +
  '{"relevant": [ids of the passages that help, as numbers]}; an empty list when none does.';

export const ROUTE_INSTRUCTIONS =
  "Decide whether the tools offered can answer the user's question better than a search of their " +
  'documents. Call the tools needed, with their arguments; when the documents are the better place, call ' +
  'no tool and reply "documents".';

export function withSummary(instructions: string, summary: string): string {
  return summary ? `${instructions}\n\nEarlier in this conversation (summary):\n${summary}` : instructions;
}
