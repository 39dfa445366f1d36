// Exercises and after-action reviews: the REST contract of /api/exercises and the reviews of
// /api/incidents/:id/review and /api/exercises/:id/review (HSEEP vocabulary: the Master
// Scenario Events List — timed injects with the expected player actions — and the
// After-Action Report that closes an exercise).

export type ExerciseStatus = 'running' | 'finished' | 'stopped';
export type ExerciseSpeed = number | 'max';

/** POST /api/exercises */
export interface ExerciseRequest {
  scenario: string;
  speed?: ExerciseSpeed;
  site?: string;
}

/** One timed inject of the scenario's MSEL, and when the exercise sent it. */
export interface ExerciseInject {
  /** Seconds into the scenario. */
  atS: number;
  title: string;
  /** The site feeds (id or format) that carry its records. */
  feeds: string[];
  /** How many raw records it sends, and over which transports. */
  records: number;
  via: ('mqtt' | 'kafka')[];
  /** Wall time its first record was published; absent until then. */
  sentAt?: string;
}

/** An expected incident and what became of it (times in seconds from the exercise's start). */
export interface ExerciseExpectation {
  ruleId: string;
  zoneId: string;
  /** Deadline for the detection (scenario seconds) and for the acknowledgement (after detection). */
  detectWithinS: number;
  acknowledgeWithinS: number;
  found: boolean;
  incidentId?: string;
  /** Scenario seconds from the exercise's start to the incident being raised. */
  detectedAfterS?: number;
  /** Wall seconds from the incident reaching the queue to its acknowledgement / resolution. */
  acknowledgedAfterS?: number;
  resolvedAfterS?: number;
  /** Whether each deadline was met (absent while it may still be). */
  detectedInTime?: boolean;
  acknowledgedInTime?: boolean;
}

/** GET /api/exercises/:id (the list holds the same, newest first). */
export interface Exercise {
  id: string;
  scenario: string;
  title: string;
  siteId: string;
  speed: ExerciseSpeed;
  status: ExerciseStatus;
  /** Wall time it was started, and when it finished or was stopped. */
  startedAt: string;
  endedAt?: string;
  startedBy: string;
  /** The scenario's time 0 (its records' event times count from here). */
  scenarioStart: string;
  durationS: number;
  injects: ExerciseInject[];
  expected: ExerciseExpectation[];
  records: { sent: number; total: number };
  /** Every incident the exercise raised, expected or not. */
  incidentIds: string[];
  /** Why it stopped early, when it did. */
  reason?: string;
}

/** GET /api/exercises/scenarios: what can be run on this site. */
export interface ScenarioSummary {
  id: string;
  title: string;
  description: string;
  sites: string[];
  /** Records on both transports (MQTT sensors and Kafka feeds): a cyber-physical scenario. */
  hybrid: boolean;
  durationS: number;
  injects: number;
  expected: { ruleId: string; zoneId: string }[];
}

/** One line of a review's timeline, in time order. */
export interface ReviewEvent {
  time: string;
  kind: 'inject' | 'indicator' | 'rule' | 'action' | 'note';
  title: string;
  zoneId?: string;
  domain?: 'physical' | 'cyber';
  by?: string;
  incidentId?: string;
}

export interface ReviewSopStep {
  id: string;
  text: string;
  done: boolean;
  doneBy?: string;
  doneAt?: string;
}

/** The after-action review of one incident. */
export interface IncidentReview {
  incidentId: string;
  title: string;
  ruleId: string;
  zoneId: string;
  mode: 'live' | 'exercise' | 'replay';
  exerciseId?: string;
  status: string;
  severity: number;
  firstSeen: string;
  lastSeen: string;
  /** Seconds from the first indicator to the rule firing, and from the firing to the operator's acknowledgement and resolve. */
  timeToDetectS: number | null;
  timeToAcknowledgeS: number | null;
  timeToResolveS: number | null;
  resolution?: string;
  sopDone: ReviewSopStep[];
  sopSkipped: ReviewSopStep[];
  timeline: ReviewEvent[];
  lessons: string;
  lessonsBy?: string;
  lessonsAt?: string;
}

/** The after-action report of an exercise: its MSEL scored, and each incident's review. */
export interface ExerciseReview {
  exercise: Exercise;
  missed: { ruleId: string; zoneId: string }[];
  timeline: ReviewEvent[];
  incidents: IncidentReview[];
  lessons: string;
  lessonsBy?: string;
  lessonsAt?: string;
}

/** POST /api/incidents/:id/review/lessons and /api/exercises/:id/review/lessons */
export interface LessonsRequest {
  lessons: string;
}
