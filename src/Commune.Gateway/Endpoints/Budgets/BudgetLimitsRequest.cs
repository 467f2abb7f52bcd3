namespace Commune.Gateway.Endpoints.Budgets;

/// <summary><c>PUT /v1/budgets/{kind}/{id}</c> body: limits in tokens and dollars; null removes a limit.</summary>
public sealed record BudgetLimitsRequest(long? TokenLimit, decimal? CostLimitUsd);
