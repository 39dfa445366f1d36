// Ends every run with one plain line, "N passed, N failed", that any CI can read. A test file
// or suite that fails outside any test (a beforeAll hook, an import) counts as a failure too:
// its tests are only reported as skipped.
import type { Reporter, TestCase, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === 'passed') this.passed++;
    else if (state === 'failed') this.failed++;
    else this.skipped++;
  }

  onTestRunEnd(modules: readonly TestModule[], errors: readonly unknown[]): void {
    let outside = 0;
    for (const m of modules) {
      outside += m.errors().length;
      for (const s of m.children.allSuites()) outside += s.errors().length;
    }
    const failed = this.failed + outside + errors.length;
    process.stdout.write(
      `\n${this.passed} passed, ${failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''}\n`,
    );
  }
}
