/** The health scorecard and churn flags: a pure engine over Accounts, Usage and Settings rows. */

export { NPS_SCORES } from './components';
export type { ChurnFlag, ChurnFlagCode, FlagSeverity } from './flags';
export { CHURN_FLAG_CODES, CHURN_FLAG_LABELS } from './flags';
export type { OpenOffers } from './plays';
export { suggestPlay, UPSELL_DEPTH } from './plays';
export type { HealthComponent, HealthResult, ScoreContext } from './score';
export { bandOf, NO_DATA_SCORE, scoreAccount, scoreSummary } from './score';
export type {
  ComponentName,
  MatureComponent,
  OnboardingComponent,
  Scorecard,
  ScorecardSetting,
  ScorecardThresholds,
} from './settings';
export {
  DEFAULT_SCORECARD,
  MATURE_COMPONENTS,
  milestonesDueShare,
  normaliseWeights,
  ONBOARDING_COMPONENTS,
  SCORECARD_SETTING_KEYS,
  scorecardFromSettings,
} from './settings';
export type { Sparkline } from './sparkline';
export { healthSparkline, SPARKLINE_WEEKS } from './sparkline';
export type { UsageSummary } from './summary';
export type { HealthTrend } from './trend';
export { healthTrend, TREND_FLAT_POINTS, TREND_LOOKBACK_WEEKS } from './trend';
export type { UsageWeek } from './usage';
export { importWatermark, mergeWeeks, readUsage, USAGE_COLUMNS, usageThrough } from './usage';
