import { createHash } from 'node:crypto';
import type { ServiceEnv } from '../runtime/world';

const EMAIL_SCOPE = 'https://www.googleapis.com/auth/userinfo.email';

/** The key rotates "every 30 days" (Session.getTemporaryActiveUserKey reference). */
const TEMPORARY_KEY_PERIOD_MS = 30 * 86_400_000;

export function createSession(env: ServiceEnv) {
  const { world, exec } = env;

  class User {
    readonly #email: string;
    constructor(email: string) {
      this.#email = email;
    }
    getEmail(): string {
      exec.charge('User.getEmail');
      return this.#email;
    }
    /** Logging a User prints its address in Google. */
    toString(): string {
      return this.#email;
    }
  }

  return {
    /**
     * Both user methods need userinfo.email: without it Google throws "You do not have permission
     * to call Session.getActiveUser. Required permissions: …/userinfo.email" (reported by users),
     * rather than returning a blank address. A Gmail add-on runs as the user who opened it, so the
     * active and effective users are the same account; an installable trigger runs as the user who
     * created it (authorization guide: "Installable trigger: User who created the trigger"), and the
     * runtime makes that user world.user for the run. A web app deployed to execute as its deployer
     * runs as the deployer (getEffectiveUser: "If the script is a web app set to 'execute as me'
     * (the developer), this returns the developer's user account"), while the visitor's address is
     * "not available in any context that allows a script to run without that user's authorization,
     * like … a web app deployed to 'execute as me'": User.getEmail() is then "a blank string"
     * (env.activeUser, set by runtime/webapp.ts).
     */
    getActiveUser(): User {
      exec.charge('Session.getActiveUser');
      env.requireScope('Session.getActiveUser', EMAIL_SCOPE);
      return new User(env.activeUser);
    },
    getEffectiveUser(): User {
      exec.charge('Session.getEffectiveUser');
      env.requireScope('Session.getEffectiveUser', EMAIL_SCOPE);
      return new User(world.user);
    },
    /** The manifest's timeZone, which the runtime copies into the world. */
    getScriptTimeZone(): string {
      exec.charge('Session.getScriptTimeZone');
      return world.timeZone;
    },
    getActiveUserLocale(): string {
      exec.charge('Session.getActiveUserLocale');
      return 'en';
    },
    /** Unique to the user and the script, hiding the address, and changing every 30 days. */
    getTemporaryActiveUserKey(): string {
      exec.charge('Session.getTemporaryActiveUserKey');
      const period = Math.floor(exec.now() / TEMPORARY_KEY_PERIOD_MS);
      return createHash('sha256')
        .update(`${world.scriptId}\u0000${world.user}\u0000${period}`)
        .digest('base64url')
        .slice(0, 43);
    },
  };
}
