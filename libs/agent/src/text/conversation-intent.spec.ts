import { isAboutConversation } from './conversation-intent';

describe('isAboutConversation', () => {
  it.each([
    'What did you just say?',
    'What was my first question?',
    'Can you summarize our conversation?',
    'Repeat your last answer please',
    'What did I ask before?',
  ])('"%s" is about the conversation', (q) => expect(isAboutConversation(q)).toBe(true));

  it.each([
    'What does the handbook say about refunds?',
    'Can you tell me the warranty period?',
    'What is the first step of the installation?',
    'Summarize the refund policy',
  ])('"%s" is about the documents', (q) => expect(isAboutConversation(q)).toBe(false));
});
