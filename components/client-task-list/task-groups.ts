import type { PortalTask } from '../internal/api-types.ts';

export interface TaskSection {
  /** The section heading, or null for the work's tasks without one. */
  title: string | null;
  tasks: PortalTask[];
}

export interface TaskGroup {
  /** The work these tasks belong to, or null for tasks outside any work. */
  workId: string | null;
  workTitle: string | null;
  sections: TaskSection[];
}

/**
 * Groups tasks under their work and, within it, their section, keeping the
 * server's order: groups and sections appear where their first task does.
 * Tasks outside any work come first, as one group without a heading.
 */
export function groupTasks(tasks: readonly PortalTask[]): TaskGroup[] {
  const groups = new Map<string | null, TaskGroup>();
  const loose: TaskGroup = { workId: null, workTitle: null, sections: [] };
  groups.set(null, loose);
  for (const task of tasks) {
    const workId = task.workId ?? null;
    let group = groups.get(workId);
    if (!group) {
      group = { workId, workTitle: task.workTitle, sections: [] };
      groups.set(workId, group);
    }
    const title = task.section ?? null;
    let section = group.sections.find((s) => s.title === title);
    if (!section) {
      section = { title, tasks: [] };
      group.sections.push(section);
    }
    section.tasks.push(task);
  }
  return [...groups.values()].filter((g) => g.sections.length);
}
