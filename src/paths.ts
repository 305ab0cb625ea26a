/** Where eks-migrate's own files are (rule READMEs), whether it runs from dist/ or from the sources. */
import * as fs from 'fs';
import * as path from 'path';

let root: string | undefined;

export function projectRoot(): string {
  if (root) return root;
  for (let d = __dirname; ; d = path.dirname(d)) {
    const p = path.join(d, 'package.json');
    if (fs.existsSync(p) && fs.existsSync(path.join(d, 'transforms')) && fs.existsSync(path.join(d, 'README.md')) && JSON.parse(fs.readFileSync(p, 'utf8')).name === 'eks-migrate') return (root = d);
    if (path.dirname(d) === d) return (root = path.resolve(__dirname, '..', '..'));
  }
}
