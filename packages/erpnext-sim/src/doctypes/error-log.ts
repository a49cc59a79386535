/**
 * Error Log (frappe/core/doctype/error_log) and `frappe.log_error`. The table is MyISAM in v15, so
 * a log written inside a request survives that request's rollback: the setup wizard's "Exception
 * during Setup" and "Setup failed: …" entries stay even when the wizard itself is rolled back.
 */
import type { FrappeError } from '../frappe/exceptions';
import { insertDoc } from '../model/document-engine';
import { check, data, field, link } from '../model/field-builders';
import type { DocContext, DocTypeDef } from '../model/meta';
import { cstr } from '../util';

const MAX_TITLE = 140;

export const errorLogDocType: DocTypeDef = {
  name: 'Error Log',
  autoname: 'hash',
  engine: 'MyISAM',
  fields: [
    check('seen', 'Seen'),
    link('reference_doctype', 'Reference DocType', 'DocType'),
    data('reference_name', 'Reference Name'),
    data('method', 'Title'),
    field('error', 'Error', 'Code'),
    data('trace_id', 'Trace ID'),
  ],
  controller: {
    validate(_ctx, doc) {
      doc.method = pyStr(doc.method);
      doc.error = pyStr(doc.error);
      const title = cstr(doc.method);
      if (title.length > MAX_TITLE) {
        doc.error = `${title}\n${cstr(doc.error)}`;
        doc.method = title.slice(0, MAX_TITLE);
      }
    },
  },
};

function pyStr(value: unknown): string {
  return value === null || value === undefined ? 'None' : cstr(value);
}

/** The class name Python prints in a traceback's last line (builtins bare, Frappe's by module). */
function qualifiedName(error: FrappeError): string {
  return error.httpStatus === 500 ? error.excType : `frappe.exceptions.${error.excType}`;
}

/** `frappe.get_traceback()` for an exception raised at `where` (file, function and source line). */
export function traceback(error: FrappeError, where: { file: string; fn: string; line: string }): string {
  const message = error.message && error.message !== error.excType ? `: ${error.message}` : '';
  return [
    'Traceback (most recent call last):',
    `  File "apps/${where.file}", in ${where.fn}`,
    `    ${where.line}`,
    `${qualifiedName(error)}${message}`,
    '',
  ].join('\n');
}

/** `frappe.log_error(title, message)`: inserted at once, outside the request's transaction. */
export function logError(ctx: DocContext, title: string, error: string, reference?: { doctype: string; name: string }): void {
  insertDoc(
    ctx,
    { doctype: 'Error Log', method: title, error, reference_doctype: reference?.doctype ?? null, reference_name: reference?.name ?? null },
    { ignorePermissions: true },
  );
}
