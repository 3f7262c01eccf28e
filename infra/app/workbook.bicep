// An Azure Workbook with the operator's first charts (README "Operating"): calls by Code,
// latency, throttling, the store's health, the brokers, revocation to disconnect, the purge.

@description('Name of the Application Insights component the workbook reads.')
param applicationInsightsName string

@description('Azure region of the workbook.')
param location string

@description('Tags applied to the workbook.')
param tags object

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var charts = [
  {
    title: 'Calls by Action and Code'
    visualization: 'timechart'
    query: 'customMetrics | where name == "tokenservice.calls" | extend call = strcat(tostring(customDimensions["tokenservice.action"]), " ", tostring(customDimensions["tokenservice.code"])) | summarize calls = sum(valueSum) by call, bin(timestamp, 1m)'
  }
  {
    title: 'Call duration by Action (average and maximum, ms)'
    visualization: 'timechart'
    query: 'customMetrics | where name == "tokenservice.call.duration" | extend action = tostring(customDimensions["tokenservice.action"]) | summarize average = 1000 * sum(valueSum) / sum(valueCount), maximum = 1000 * max(valueMax) by action, bin(timestamp, 1m)'
  }
  {
    title: 'Throttled calls by Action (<Action>OverFlow)'
    visualization: 'timechart'
    query: 'customMetrics | where name == "tokenservice.calls.throttled" | summarize throttled = sum(valueSum) by action = tostring(customDimensions["tokenservice.action"]), bin(timestamp, 1m)'
  }
  {
    title: 'Table Storage failures by table, kind and error'
    visualization: 'timechart'
    query: 'customMetrics | where name == "tokenservice.storage.failures" | extend failure = strcat(tostring(customDimensions["tokenservice.storage.table"]), " ", tostring(customDimensions["tokenservice.storage.kind"]), " ", tostring(customDimensions["tokenservice.storage.error"])) | summarize failures = sum(valueSum) by failure, bin(timestamp, 1m)'
  }
  {
    title: 'Table Storage request duration by kind (average, ms)'
    visualization: 'timechart'
    query: 'customMetrics | where name == "tokenservice.storage.duration" | summarize average = 1000 * sum(valueSum) / sum(valueCount) by kind = tostring(customDimensions["tokenservice.storage.kind"]), bin(timestamp, 1m)'
  }
  {
    title: 'Broker decisions by broker and result'
    visualization: 'timechart'
    query: 'customMetrics | where name == "tokenservice.broker.decisions" | extend decision = strcat(tostring(customDimensions["tokenservice.broker"]), " ", tostring(customDimensions["tokenservice.broker.result"])) | summarize decisions = sum(valueSum) by decision, bin(timestamp, 5m)'
  }
  {
    title: 'Revocation to disconnect (p50, p99, seconds)'
    visualization: 'timechart'
    query: 'union requests, dependencies | extend seconds = todouble(customDimensions["tokenservice.revocation_to_disconnect_s"]) | where isnotnull(seconds) | summarize p50 = percentile(seconds, 50), p99 = percentile(seconds, 99) by bin(timestamp, 5m)'
  }
  {
    title: 'Purge: rows removed by kind'
    visualization: 'barchart'
    query: 'customMetrics | where name == "tokenservice.purge.rows_removed" | summarize rows = sum(valueSum) by kind = tostring(customDimensions["tokenservice.purge.kind"]), bin(timestamp, 1h)'
  }
  {
    title: 'Failed calls (5xx), latest first'
    visualization: 'table'
    query: 'requests | where toint(resultCode) >= 500 | project timestamp, name, resultCode, code = tostring(customDimensions["tokenservice.code"]), requestId = tostring(customDimensions["tokenservice.request_id"]), operation_Id | order by timestamp desc | take 50'
  }
]

var content = {
  version: 'Notebook/1.0'
  items: concat(
    [
      {
        type: 1
        name: 'heading'
        content: {
          json: '## MQTT token service\nCalls, throttling, storage and brokers. Dimensions are bounded: no AccessKeyId, RequestId or token appears in a metric.'
        }
      }
    ],
    map(range(0, length(charts)), i => {
      type: 3
      name: 'chart-${i}'
      content: {
        version: 'KqlItem/1.0'
        title: charts[i].title
        query: charts[i].query
        size: 0
        timeContext: {
          durationMs: 86400000
        }
        queryType: 0
        resourceType: 'microsoft.insights/components'
        visualization: charts[i].visualization
      }
    })
  )
  isLocked: false
  fallbackResourceIds: [
    applicationInsights.id
  ]
}

resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(resourceGroup().id, applicationInsights.id, 'token-service-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: 'MQTT token service'
    category: 'workbook'
    sourceId: applicationInsights.id
    serializedData: string(content)
  }
}
