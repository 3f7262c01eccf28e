// Log search alert rules over the service's Application Insights telemetry (docs/contract.md §9, README
// "Operating"). The rates come from the service's own metrics (tokenservice.calls carries Code and
// HTTP status), which sampling never thins out; the p99 comes from the spans, because Application
// Insights keeps only sum, count, minimum and maximum of a histogram.

@description('Name of the Application Insights component the rules query.')
param applicationInsightsName string

@description('Azure region of the alert rules.')
param location string

@description('Tags applied to the alert rules.')
param tags object

@description('Resource ID of an existing action group that the alerts notify. Empty: the alerts fire in the portal only.')
param actionGroupId string

@description('Share of calls answered with a 5xx status, over five minutes, above which the 5xx alert fires (0.01 = 1 %).')
param serverErrorRateThreshold string

@description('Share of calls answered SystemOverFlow, over five minutes, above which the SystemOverFlow alert fires.')
param systemOverflowRateThreshold string

@description('Table Storage requests answered ServerBusy (503, 429 or the ServerBusy error) in five minutes above which the storage throttling alert fires.')
param storageServerBusyThreshold int

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var actions = empty(actionGroupId) ? {} : { actionGroups: [actionGroupId] }

var rules = [
  {
    name: 'alert-5xx-rate-${applicationInsightsName}'
    displayName: 'Token service: 5xx answers'
    description: 'More than the threshold share of calls were answered with a 5xx status (InternalError or SystemOverFlow) in five minutes.'
    severity: 1
    column: 'rate'
    threshold: json(serverErrorRateThreshold)
    query: '''
customMetrics
| where name == "tokenservice.calls"
| extend status = toint(customDimensions["http.response.status_code"])
| summarize total = sum(valueSum), failed = sumif(valueSum, status >= 500)
| extend rate = iff(total == 0, 0.0, failed / total)
| project rate
'''
  }
  {
    name: 'alert-systemoverflow-rate-${applicationInsightsName}'
    displayName: 'Token service: SystemOverFlow answers'
    description: 'More than the threshold share of calls were answered SystemOverFlow (the store was overloaded or timed out after the retries) in five minutes.'
    severity: 2
    column: 'rate'
    threshold: json(systemOverflowRateThreshold)
    query: '''
customMetrics
| where name == "tokenservice.calls"
| extend code = tostring(customDimensions["tokenservice.code"])
| summarize total = sum(valueSum), overflow = sumif(valueSum, code == "SystemOverFlow")
| extend rate = iff(total == 0, 0.0, overflow / total)
| project rate
'''
  }
  {
    name: 'alert-storage-serverbusy-${applicationInsightsName}'
    displayName: 'Token service: Table Storage throttling (ServerBusy)'
    description: 'Table Storage answered ServerBusy more often than the threshold in five minutes: a partition or the account is over its request rate.'
    severity: 2
    column: 'busy'
    threshold: storageServerBusyThreshold
    query: '''
customMetrics
| where name == "tokenservice.storage.failures"
| where tostring(customDimensions["tokenservice.storage.error"]) == "ServerBusy"
| summarize busy = sum(valueSum)
'''
  }
  {
    name: 'alert-revocation-disconnect-p99-${applicationInsightsName}'
    displayName: 'Token service: revocation to disconnect p99 over 1 s'
    description: 'The 99th percentile of the time from a RevokeToken commit to the broker closing the token\'s sessions was over one second in five minutes.'
    severity: 2
    column: 'p99'
    threshold: 1
    query: '''
union requests, dependencies
| extend seconds = todouble(customDimensions["tokenservice.revocation_to_disconnect_s"])
| where isnotnull(seconds)
| summarize p99 = percentile(seconds, 99)
'''
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in rules: {
    name: rule.name
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [
        applicationInsights.id
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT5M'
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Maximum'
            metricMeasureColumn: rule.column
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: actions
    }
  }
]

@description('Names of the alert rules.')
output names array = [for (rule, i) in rules: alerts[i].name]
