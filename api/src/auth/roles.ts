// The roles are a contract (schema): the web app shows them, the tokens file holds them.
import type { AccessRole } from '@portwatch/schema';
export { ACCESS_ROLES, ROLE_MEANING, isAccessRole, roleAllows, type AccessRole } from '@portwatch/schema';

/** Who is making a request: a token's name and role. `key` identifies the token (its hash). */
export interface Principal {
  name: string;
  role: AccessRole;
  key: string;
}
