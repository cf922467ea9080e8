/** The parts of a stored failure that grouping and the failure list read. */
export interface FailureRow {
  id: number;
  /** ISO time. */
  at: string;
  kind: string;
  httpStatus: number | null;
  apiErrorCode: string | null;
  message: string | null;
}

/** A run of identical consecutive failures: "Timeout × 20, 12:01–12:20". */
export interface FailureGroup {
  kind: string;
  httpStatus: number | null;
  apiErrorCode: string | null;
  /** The newest failure's message (the others differ at most in numbers and ids). */
  message: string | null;
  count: number;
  /** The oldest failure's time (ISO). */
  firstAt: string;
  /** The newest failure's time (ISO). */
  lastAt: string;
  newestId: number;
  oldestId: number;
  /** The newest failures of the run, at most the `keepMembers` asked for (to list when expanded). */
  members: FailureRow[];
}

/**
 * A message with what changes from one probe to the next left out: numbers
 * (ports, addresses, milliseconds), long hex runs and UUIDs (request ids).
 * "connect ETIMEDOUT 10.0.0.1:443 after 15001 ms" and "... after 15003 ms"
 * are one failure repeated, not two.
 */
export function messageClass(message: string | null): string {
  if (message === null) return "";
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "#")
    .replace(/\b(?:req|chatcmpl)[-_][A-Za-z0-9]+/g, "#")
    .replace(/\b[0-9a-f]{12,}\b/gi, "#")
    .replace(/\d+(?:[.:]\d+)*/g, "#")
    .trim();
}

/** What makes two failures "the same": kind, HTTP status, API error code and the message's class. */
export function failureSignature(row: FailureRow): string {
  return JSON.stringify([row.kind, row.httpStatus, row.apiErrorCode, messageClass(row.message)]);
}

/**
 * Folds failures, newest first, into runs of identical consecutive ones.
 * Feed it page by page; `groups` holds the runs so far, the last of which
 * may still grow. `afterSuccess` says that the route succeeded between this
 * failure and the one fed before it: the run ends there (a failure on Monday
 * and the same one on Friday, with days of successes between, are not one
 * outage).
 */
export class FailureGrouper {
  readonly groups: FailureGroup[] = [];
  private lastSignature: string | null = null;

  constructor(private readonly keepMembers = 0) {}

  add(row: FailureRow, afterSuccess = false): void {
    const signature = failureSignature(row);
    const current = this.groups.at(-1);
    if (current && signature === this.lastSignature && !afterSuccess) {
      current.count += 1;
      current.firstAt = row.at;
      current.oldestId = row.id;
      if (current.members.length < this.keepMembers) current.members.push(row);
      return;
    }
    this.lastSignature = signature;
    this.groups.push({
      kind: row.kind,
      httpStatus: row.httpStatus,
      apiErrorCode: row.apiErrorCode,
      message: row.message,
      count: 1,
      firstAt: row.at,
      lastAt: row.at,
      newestId: row.id,
      oldestId: row.id,
      members: this.keepMembers > 0 ? [row] : [],
    });
  }
}

/** The runs of identical failures in `rows` (newest first) with nothing between them. */
export function groupFailures(rows: readonly FailureRow[], keepMembers = 0): FailureGroup[] {
  const grouper = new FailureGrouper(keepMembers);
  for (const row of rows) grouper.add(row);
  return grouper.groups;
}
