// Ends every run with one plain line, "N passed, N failed", that any CI can read.
import type { Reporter, TestCase } from 'vitest/node';

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

  onTestRunEnd(_modules: unknown, errors: readonly unknown[]): void {
    const failed = this.failed + errors.length;
    process.stdout.write(`\n${this.passed} passed, ${failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''}\n`);
  }
}
