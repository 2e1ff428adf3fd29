import { budgetStatus, monthOf } from './budget-state';

describe('budgets', () => {
  it('counts calendar months in UTC', () => {
    const month = monthOf(new Date('2026-12-31T23:59:59Z'));
    expect(month.key).toBe('2026-12');
    expect(month.start.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(month.end.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('warns past the warning share and stops at the budget', () => {
    expect(budgetStatus(null, 12, 0.8)).toEqual({ monthlyUsd: null, spentUsd: 12, state: 'none' });
    expect(budgetStatus(10, 7.99, 0.8).state).toBe('ok');
    expect(budgetStatus(10, 8, 0.8).state).toBe('warning');
    expect(budgetStatus(10, 10, 0.8).state).toBe('exceeded');
    expect(budgetStatus(0, 0, 0.8).state).toBe('exceeded');
  });
});
