/** One line of start-up progress, for the person watching the terminal. */
export type Progress = (step: string) => void;
