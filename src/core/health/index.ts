/** The health scorecard and churn flags: a pure engine over Accounts, Usage and Settings rows. */
export { USAGE_COLUMNS, readUsage } from './usage';
export type { UsageWeek } from './usage';
export {
  DEFAULT_SCORECARD, MATURE_COMPONENTS, ONBOARDING_COMPONENTS, SCORECARD_SETTING_KEYS, normaliseWeights, scorecardFromSettings,
} from './settings';
export type { ComponentName, MatureComponent, OnboardingComponent, Scorecard, ScorecardSetting, ScorecardThresholds } from './settings';
export { NO_DATA_SCORE, NPS_SCORES, bandOf, scoreAccount } from './score';
export type { HealthComponent, HealthResult } from './score';
export { CHURN_FLAG_CODES, CHURN_FLAG_LABELS } from './flags';
export type { ChurnFlag, ChurnFlagCode, FlagSeverity } from './flags';
export { UPSELL_DEPTH, suggestPlay } from './plays';
export { TREND_FLAT_POINTS, TREND_LOOKBACK_WEEKS, healthTrend } from './trend';
export type { HealthTrend } from './trend';
