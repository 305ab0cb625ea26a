/** eks-migrate's own version, from package.json (tsc copies it next to the compiled sources). */
import pkg from '../package.json';

export const VERSION: string = pkg.version;
