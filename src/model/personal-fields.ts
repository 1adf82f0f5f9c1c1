/**
 * Field and column names that name or reach a person (GDPR data minimisation, issue 15.2): user, login, e-mail,
 * phone, and the French/English words of inventory tools (GLPI "Utilisateur", "Utilisateur connecté", Snipe-IT
 * "Assigned to", "Attribué à"). numresp needs none of them to measure a fleet, so they are dropped by default.
 */
const PERSONAL = new Set([
  'user', 'users', 'username', 'userid', 'userlogin', 'lastuser', 'lastloggeduser', 'loggedinuser', 'loggeduser', 'currentuser',
  'login', 'loginname', 'lastlogin', 'owner', 'assignedto', 'assignee', 'contact', 'person', 'fullname', 'firstname', 'lastname',
  'email', 'mail', 'emailaddress', 'phone', 'phonenumber', 'telephone', 'tel',
  'utilisateur', 'utilisateurs', 'utilisateurconnecte', 'attribuea', 'proprietaire', 'prenom', 'courriel', 'telephoneportable',
]);

/** Lower case, accents and everything but letters and digits removed: "Utilisateur connecté" → "utilisateurconnecte". */
function fold(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isPersonalField(name: string): boolean {
  return PERSONAL.has(fold(name));
}

/**
 * A copy of a JSON value without the object keys that name people, at any depth, and the dotted paths dropped.
 * Arrays keep their length; only object keys are removed.
 */
export function dropPersonalFields(value: unknown, maxDepth = 16): { value: unknown; dropped: string[]; tooDeep: boolean } {
  const dropped: string[] = [];
  let tooDeep = false;
  const walk = (v: unknown, at: string, depth = 0): unknown => {
    if (v === null || typeof v !== 'object') return v;
    // A hostile body nested thousands deep would overflow the stack; no report is deeper than a few levels.
    if (depth >= maxDepth) {
      tooDeep = true;
      return null;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}[${i}]`, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      const here = at ? `${at}.${k}` : k;
      if (isPersonalField(k)) dropped.push(here);
      // defineProperty: a "__proto__" key stays an own (and so refused) key instead of setting the prototype.
      else Object.defineProperty(out, k, { value: walk(child, here, depth + 1), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const cleaned = walk(value, '');
  return { value: cleaned, dropped, tooDeep };
}
