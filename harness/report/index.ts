export { writeReport, REPORT_FILE } from './write.ts';
export { reportData, type ReportData, type CellData, type SweepData, type Marker } from './data.ts';
export { renderReport } from './html.ts';
export { inspectCharts, inspectReport, screenshotReport, withReportPage, CHROMIUM_ARGS, type ChartInspection, type ReportInspection } from './browser.ts';
