import { describe, expect, it } from 'vitest';
import { loadSite, siteDir } from '@portwatch/dashboards';
import type { FeedConfig } from '@portwatch/schema';
import { DEFAULT_START, scenarioCapture, UnknownScenarioError } from './scenario-capture.ts';
import { SCENARIOS } from './scenarios/index.ts';

const feeds: FeedConfig[] = [];

describe('a scenario capture', () => {
  it('refuses an unknown scenario with its own error, naming the ones it knows', async () => {
    const site = await loadSite(siteDir('valencia'));
    let caught: unknown;
    try {
      scenarioCapture({ site, feeds }, 'no-such-scenario', 1, DEFAULT_START);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnknownScenarioError);
    expect((caught as UnknownScenarioError).scenarioId).toBe('no-such-scenario');
    expect((caught as Error).message).toBe(
      `unknown scenario "no-such-scenario" (known: ${SCENARIOS.map((s) => s.id).join(', ')})`,
    );
  });
});
