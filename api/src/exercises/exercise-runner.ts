// What the API needs to run an exercise, handed to it by the composition root (system/): the
// API never loads scenarios itself, so an API process needs no simulators code — in the
// scaled deployment the runner publishes the records to the brokers from the API role.
import type { ExerciseInject, ScenarioSummary } from '@portwatch/schema';

export interface ExercisePlan {
  scenario: string;
  title: string;
  siteId: string;
  durationS: number;
  injects: Omit<ExerciseInject, 'sentAt'>[];
  expected: { ruleId: string; zoneId: string; detectWithinS: number; acknowledgeWithinS: number }[];
  records: number;
}

export interface RunOptions {
  exerciseId: string;
  plan: ExercisePlan;
  /** Scenario time per wall time; Infinity sends as fast as the brokers take it. */
  speed: number;
  /** Epoch ms of the scenario's time 0. */
  scenarioStartMs: number;
  onInject(index: number, wallMs: number): void;
  onProgress(sent: number): void;
}

export interface ExerciseRun {
  /** Resolves when every record was published (or the run was stopped); rejects on a broker error. */
  done: Promise<void>;
  stop(): void;
}

export interface ExerciseRunner {
  scenarios(): ScenarioSummary[];
  /**
   * The scenario's MSEL on this site (record counts as the exercise with this id will send
   * them); throws an Error whose message says why it cannot run.
   */
  plan(scenario: string, siteId: string, exerciseId?: string): ExercisePlan;
  run(options: RunOptions): ExerciseRun;
}
