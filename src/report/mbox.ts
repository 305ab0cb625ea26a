/**
 * `--patch FILE --commit`: the edits as one mail in `git format-patch` form, which `git am` applies as a commit. The
 * message lists each rule's edits and every manual finding with its location, so a pull request describes itself.
 */
import { VERSION } from '../version';
import { reportedFindings, type ReportInput } from './model';
import { printableName } from './text';

/** A body line that git mailinfo would take for the start of the patch, or for a new mail, is indented. */
const safe = (line: string) => (/^(---|diff -|Index: |From )/.test(line) ? ` ${line}` : line);
/** Every body line is one line: names are printed with their control characters (a newline and a tab too) escaped. */
const oneLine = (s: string) => printableName(s);

/** `author`: "Name <email>" for the From: line (the caller reads git's user.name / user.email). */
export function mboxPatch(r: ReportInput, author: string, now = new Date(), step?: { subject: string; lead: string; then?: string }): string {
  const findings = reportedFindings(r);
  const subject = step?.subject ?? `Prepare EKS upgrade to ${r.options.target}`;
  const body: string[] = [step?.lead ?? `eks-migrate ${VERSION} prepared these changes for the upgrade to Kubernetes ${r.options.target}.`, ''];
  if (step?.then) body.push(`Before the next commit: ${step.then}`, '');
  const edits = findings.filter((f) => f.status === 'fixable' || f.status === 'fixed');
  if (edits.length) {
    body.push('Edits:');
    for (const rule of r.rules) {
      const mine = edits.filter((f) => f.ruleId === rule.meta.id);
      if (!mine.length) continue;
      body.push(`- ${rule.meta.id} (${mine.length}): ${rule.meta.title}`);
      for (const f of mine) body.push(`  - ${oneLine(f.file)}:${f.start.line}:${f.start.column} ${f.message.replace(/\s+/g, ' ')}`);
    }
    body.push('');
  }
  const manual = findings.filter((f) => f.status === 'manual');
  if (manual.length) {
    body.push('Needs manual work (not in this patch):');
    for (const f of manual) body.push(`- ${oneLine(f.file)}:${f.start.line}:${f.start.column} [${f.ruleId}] ${f.message.replace(/\s+/g, ' ')}`);
    body.push('');
  }
  const skipped = findings.filter((f) => f.status === 'skipped');
  if (skipped.length) {
    body.push('Skipped by eks-migrate-ignore comments:');
    for (const f of skipped) body.push(`- ${oneLine(f.file)}:${f.start.line}:${f.start.column} [${f.ruleId}]${f.suppressed?.reason ? ` ${oneLine(f.suppressed.reason)}` : ''}`);
    body.push('');
  }
  const content = [...body.map(safe), '---', r.patch.replace(/\n$/, ''), '-- ', `eks-migrate ${VERSION}`, ''].join('\n');
  // git am strips a CR at the end of each mail line, which breaks the hunks of a CRLF file; a base64 body keeps
  // them (git mailinfo --quoted-cr defaults to warn: the lines stay as they are)
  const base64 = content.includes('\r');
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    `From: ${author}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Subject: [PATCH] ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    `Content-Transfer-Encoding: ${base64 ? 'base64' : '8bit'}`,
    '',
    base64 ? (Buffer.from(content, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\n') + '\n' : content,
  ].join('\n');
}
