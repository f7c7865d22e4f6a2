export { exportReport, Row } from "./export";
