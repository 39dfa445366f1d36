// What a benchmark suite is and what it reports: one figure a line, in the shape of
// DESIGN.md's benchmark output ({suite, figure, value, unit}).

export interface Figure {
  suite: string;
  figure: string;
  value: number;
  unit: string;
}

export type Report = (figure: string, value: number, unit: string) => void;

export interface BenchSuite {
  name: string;
  description: string;
  /** Services the suite needs running (it fails with a clear message when one is missing). */
  needs?: string[];
  run(report: Report, log: (line: string) => void): Promise<void>;
}
