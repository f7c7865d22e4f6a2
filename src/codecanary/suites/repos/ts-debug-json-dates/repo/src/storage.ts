import { Task } from "./types";

export function saveTasks(tasks: Task[]): string {
  return JSON.stringify({ version: 1, tasks });
}

export function loadTasks(json: string): Task[] {
  const data = JSON.parse(json);
  return data.tasks as Task[];
}
