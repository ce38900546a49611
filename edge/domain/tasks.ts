/** Task states and transitions: pure rules over plain data. */

export interface TaskState {
  firmState: 'open' | 'completed';
  clientState: 'open' | 'done';
  assignedAt: number | null;
  withdrawnAt: number | null;
  dueDate: string | null;
}

export type FirmStatus = 'draft' | 'assigned' | 'withdrawn' | 'completed';
export type TaskAction = 'assign' | 'withdraw' | 'complete' | 'reopen';

export function firmStatus(t: TaskState): FirmStatus {
  if (t.firmState === 'completed') return 'completed';
  if (t.withdrawnAt !== null) return 'withdrawn';
  if (t.assignedAt !== null) return 'assigned';
  return 'draft';
}

/** The client's view: done when they marked it done or the firm completed it. */
export function clientStatus(t: TaskState): 'open' | 'done' {
  return t.clientState === 'done' || t.firmState === 'completed' ? 'done' : 'open';
}

/** Overdue when its due date is before today (in the firm's timezone) and it is still open. */
export function isOverdue(t: TaskState, today: string): boolean {
  return t.dueDate !== null && t.dueDate < today && clientStatus(t) === 'open';
}

const allowedFrom: Record<TaskAction, readonly FirmStatus[]> = {
  assign: ['draft', 'withdrawn'],
  withdraw: ['assigned'],
  complete: ['draft', 'assigned', 'withdrawn'],
  reopen: ['completed'],
};

export function canApply(action: TaskAction, status: FirmStatus): boolean {
  return allowedFrom[action].includes(status);
}

const allActions = Object.keys(allowedFrom) as TaskAction[];

/** The transitions a task in `status` allows now, in a fixed order (what the console offers as buttons). */
export function actionsFrom(status: FirmStatus): TaskAction[] {
  return allActions.filter((action) => canApply(action, status));
}

/** The column changes an allowed action makes at instant `now`. */
export function applyAction(action: TaskAction, now: number) {
  switch (action) {
    case 'assign':
      return { assignedAt: now, withdrawnAt: null };
    case 'withdraw':
      return { withdrawnAt: now };
    case 'complete':
      return { firmState: 'completed' as const, completedAt: now };
    case 'reopen':
      return { firmState: 'open' as const, clientState: 'open' as const, completedAt: null, clientDoneAt: null };
  }
}
