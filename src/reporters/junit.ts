import { maskPans } from '../mask.js';
import { failureCategory, type RunReport, type ScenarioResult } from '../runner.js';
import { formatScenarioFailure, warningLines } from './console.js';

const escapeXml = (text: string) =>
  text
    // XML 1.0 has no way to write most control characters, even escaped.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(result: ScenarioResult, target: string): string {
  const area = result.id.includes('/') ? result.id.split('/')[0] : 'scenarios';
  const open = `    <testcase name="${escapeXml(`${result.id}: ${result.title}`)}" classname="${escapeXml(`${target}.${area}`)}" file="${escapeXml(result.file)}" time="${seconds(result.durationMs)}"`;
  // CI servers show a test case's system-out beside it: the emulator's warnings go there.
  const warnings = warningLines(result);
  const out = warnings.length > 0 ? `\n      <system-out>${escapeXml(maskPans(warnings.join('\n')))}</system-out>` : '';
  if (result.outcome === 'passed') return out ? `${open}>${out}\n    </testcase>` : `${open}/>`;
  if (result.outcome === 'skipped') return `${open}>\n      <skipped message="${escapeXml(result.reason ?? '')}"/>${out}\n    </testcase>`;
  const failed = result.steps.find((s) => s.outcome === 'failed');
  const first = failed?.failures[0];
  const message = failed ? `step "${failed.name}": ${first?.path} ${first?.message}` : 'failed';
  // The type says what kind of drift it is: contract, expectation, parity or error.
  return `${open}>\n      <failure message="${escapeXml(maskPans(message))}" type="${first ? failureCategory(first) : 'error'}">${escapeXml(formatScenarioFailure(result))}</failure>${out}\n    </testcase>`;
}

/** A run stopped early (interrupted, --bail) says so, and how many scenarios it left out: the report is partial. */
function stoppedProperties(report: RunReport): string {
  if (!report.stopped) return '';
  return `\n      <property name="stopped_by" value="${escapeXml(report.stopped.by)}"/>\n      <property name="not_run" value="${report.stopped.notRun}"/>`;
}

/** JUnit XML (the Ant/Surefire dialect CI servers read): one testsuite per target, one testcase per scenario. */
export function renderJunit(report: RunReport): string {
  const { total, failed, skipped } = report.counts;
  const attributes = `tests="${total}" failures="${failed}" errors="0" skipped="${skipped}" time="${seconds(report.durationMs)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mono-contract" ${attributes}>`,
    `  <testsuite name="${escapeXml(`mono-contract ${report.target}`)}" ${attributes} timestamp="${new Date().toISOString().slice(0, 19)}">`,
    `    <properties>\n      <property name="target" value="${escapeXml(report.target)}"/>\n      <property name="base_url" value="${escapeXml(report.baseUrl)}"/>\n      <property name="emulator_warnings" value="${report.warnings}"/>${stoppedProperties(report)}\n    </properties>`,
    ...report.scenarios.map((result) => testcase(result, report.target)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
