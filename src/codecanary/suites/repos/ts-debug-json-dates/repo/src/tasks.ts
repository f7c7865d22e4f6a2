import { Task } from "./types";

export function overdue(tasks: Task[], now: Date): Task[] {
  return tasks.filter((t) => !t.done && t.due !== null && t.due.getTime() < now.getTime());
}

export function sortByDue(tasks: Task[]): Task[] {
  const key = (t: Task) => (t.due === null ? Infinity : t.due.getTime());
  return [...tasks].sort((a, b) => key(a) - key(b));
}
