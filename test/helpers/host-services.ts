import type { ServiceEnv } from '../../emulator/runtime/world';
import { createCacheService } from '../../emulator/services/cache';
import { createCharts } from '../../emulator/services/charts';
import { createLockService } from '../../emulator/services/lock';
import { createLogger } from '../../emulator/services/logger';
import { createPropertiesService } from '../../emulator/services/properties';
import { createSession } from '../../emulator/services/session';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet';
import { createUtilities } from '../../emulator/services/utilities';

/**
 * Run product modules (src/store, src/services) directly in the test, with the emulated services as
 * the globals they name. Used for repository tests; whole-bundle behaviour is tested through the
 * sandbox runtime instead.
 */
export function withServices<T>(env: ServiceEnv, fn: () => T): T {
  const g = globalThis as Record<string, unknown>;
  const services: Record<string, unknown> = {
    SpreadsheetApp: createSpreadsheetApp(env),
    LockService: createLockService(env),
    PropertiesService: createPropertiesService(env),
    CacheService: createCacheService(env),
    Session: createSession(env),
    Utilities: createUtilities(env),
    Logger: createLogger(env),
    Charts: createCharts(),
  };
  const saved: Record<string, unknown> = {};
  for (const k of Object.keys(services)) saved[k] = g[k];
  Object.assign(g, services);
  try {
    return fn();
  } finally {
    Object.assign(g, saved);
  }
}
