export interface Task {
  id: string;
  title: string;
  due: Date | null;
  done: boolean;
}
