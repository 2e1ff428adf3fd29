import { matchToolOffline, singleStringArgument } from './tool-match';

const weather = {
  name: 'weather__get_forecast',
  description: 'Get the weather forecast for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const tickets = {
  name: 'helpdesk__open_ticket',
  description: 'Open a helpdesk ticket',
  parameters: {
    type: 'object',
    properties: { title: { type: 'string' }, priority: { type: 'integer' } },
    required: ['title', 'priority'],
  },
};

describe('offline tool matching', () => {
  it('knows which tools take one string', () => {
    expect(singleStringArgument(weather.parameters)).toBe('city');
    expect(singleStringArgument(tickets.parameters)).toBeUndefined();
  });

  it('calls the tool that shares enough words with the question, with the question', () => {
    const q = 'What is the weather forecast for Lyon?';
    expect(matchToolOffline(q, [tickets, weather])).toEqual({ tool: weather, arguments: { city: q } });
  });

  it('calls nothing for questions about the documents', () => {
    expect(matchToolOffline('How long is the robot warranty?', [weather, tickets])).toBeUndefined();
  });
});
