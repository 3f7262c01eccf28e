// The MQTT token service on Azure: a .NET isolated-worker function app on a Flex Consumption plan,
// keyless Table Storage, key material in Key Vault, Entra-only telemetry. Deploy into an
// existing resource group; see infra/README.md.
targetScope = 'resourceGroup'

@description('Short name of the environment (dev, prod, ...). Part of the hash in every resource name and of the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every resource. Must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('Prefix of the service\'s table names: <prefix>Accounts, <prefix>Instances, <prefix>AccessKeys, <prefix>Ledger, <prefix>Sessions.')
@minLength(1)
@maxLength(50)
param tablePrefix string = 'Mqtt'

@description('Storage redundancy of the account that holds the tables.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Most instances the function app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Per-account RevokeToken limit in calls per second (RateLimit__RevokeToken).')
@minValue(1)
param rateLimitRevokeToken int = 5

@description('Per-account ApplyToken limit in calls per second (RateLimit__ApplyToken).')
@minValue(1)
param rateLimitApplyToken int = 100

@description('Per-account QueryToken limit in calls per second (RateLimit__QueryToken).')
@minValue(1)
param rateLimitQueryToken int = 100

@description('Ids of the keys that encrypt AccessKey secrets at rest (letters and digits), one app setting Secrets__Keys__<id> each. Each needs a Key Vault secret named secrets-key-<id> holding base64 of 32 random bytes.')
@minLength(1)
param encryptionKeyIds array = [
  'k1'
]

@description('Id of the key that new AccessKey secrets are encrypted with (Secrets__CurrentKeyId); one of encryptionKeyIds.')
param encryptionCurrentKeyId string = 'k1'

@description('Ids of the token-signing keys (letters and digits), one app setting Tokens__SigningKeys__<id> each. Each needs a Key Vault secret named token-signing-key-<id> holding base64 of a PKCS#8 DER P-256 private key.')
@minLength(1)
param signingKeyIds array = [
  'k1'
]

@description('Id of the key that new tokens are signed with (Tokens__CurrentKeyId); one of signingKeyIds.')
param signingCurrentKeyId string = 'k1'

@description('Whether the Key Vault answers on its public endpoint (Disabled needs a private endpoint, not created here).')
@allowed([
  'Enabled'
  'Disabled'
])
param keyVaultPublicNetworkAccess string = 'Enabled'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Resource ID of an existing action group the alert rules notify (e-mail, SMS, webhook). Empty: the alerts show in the portal only.')
param alertActionGroupId string = ''

@description('Share of calls answered with a 5xx status in five minutes above which an alert fires (0.01 = 1 %).')
param serverErrorRateThreshold string = '0.01'

@description('Share of calls answered SystemOverFlow in five minutes above which an alert fires.')
param systemOverflowRateThreshold string = '0.01'

@description('Table Storage requests answered ServerBusy in five minutes above which an alert fires.')
@minValue(0)
param storageServerBusyThreshold int = 10

@description('Optional object ID of the operator (az ad signed-in-user show --query id -o tsv): gets Storage Table Data Contributor (tokenctl against Azure) and Key Vault Secrets Officer (creating the key secrets). Empty grants nothing.')
param principalId string = ''

@description('Kind of principal behind principalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Audience (application ID URI or client id) of the Entra ID token Azure Event Grid\'s webhook authentication sends to /broker/eventgrid/authn (Brokers__EventGrid__Audience). Empty: the webhook refuses every call. RabbitMQ and EMQX authenticate with the app\'s function key instead (az functionapp keys list).')
param brokerEventGridAudience string = ''

@description('Entra ID tenant that issues that token (Brokers__EventGrid__TenantId).')
param brokerEventGridTenantId string = tenant().tenantId

@description('RabbitMQ management API (https://host:15672) through which revoked and expired tokens\' connections are closed (Brokers__RabbitMq__ManagementUrl). Empty: none is. Its user\'s password is the Key Vault secret broker-rabbitmq-admin-password, set by the operator.')
param brokerRabbitMqManagementUrl string = ''

@description('The service\'s own RabbitMQ management user (Brokers__RabbitMq__AdminUsername), answered administrator by the service\'s auth backend.')
param brokerRabbitMqAdminUsername string = 'token-service'

@description('EMQX REST API (https://host:18083) through which revoked tokens\' clients are kicked (Brokers__Emqx__ApiUrl). Empty: none is. The API key\'s secret is the Key Vault secret broker-emqx-api-secret, set by the operator.')
param brokerEmqxApiUrl string = ''

@description('The EMQX API key (Brokers__Emqx__ApiKey); its secret is in Key Vault.')
param brokerEmqxApiKey string = ''

@description('Also deploy an Event Grid namespace whose MQTT clients authenticate through the service\'s webhook (needs brokerEventGridAudience).')
param deployEventGrid bool = false

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
// Names are fixed here, not taken from module outputs, so that What-If can predict every
// resource ID (what-if-short-circuiting).
var names = {
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  applicationInsights: 'appi-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  eventGrid: 'evgns-${resourceToken}'
}
var tags = {
  'azd-env-name': environmentName
  service: 'mqtt-token-service'
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSkuName
    deploymentContainerName: names.deploymentContainer
    tablePrefix: tablePrefix
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

// Alert rules and the workbook query the component by name, so they wait for it explicitly.
module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  dependsOn: [
    monitoring
  ]
  params: {
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    actionGroupId: alertActionGroupId
    serverErrorRateThreshold: serverErrorRateThreshold
    systemOverflowRateThreshold: systemOverflowRateThreshold
    storageServerBusyThreshold: storageServerBusyThreshold
  }
}

module workbook 'app/workbook.bicep' = {
  name: 'workbook'
  dependsOn: [
    monitoring
  ]
  params: {
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    publicNetworkAccess: keyVaultPublicNetworkAccess
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  dependsOn: [
    identity
    storage
    monitoring
    keyVault
  ]
  params: {
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    keyVaultName: names.keyVault
    identityName: names.identity
    operatorPrincipalId: principalId
    operatorPrincipalType: principalType
  }
}

module functionApp 'app/functionapp.bicep' = {
  name: 'functionapp'
  // The host reads its package and resolves Key Vault references as soon as it starts: let the
  // role assignments exist first instead of failing the first start-up.
  dependsOn: [
    monitoring
    rbac
  ]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    tableEndpoint: storage.outputs.tableEndpoint
    tablePrefix: tablePrefix
    applicationInsightsName: names.applicationInsights
    keyVaultUri: keyVault.outputs.uri
    encryptionKeyIds: encryptionKeyIds
    encryptionCurrentKeyId: encryptionCurrentKeyId
    signingKeyIds: signingKeyIds
    signingCurrentKeyId: signingCurrentKeyId
    rateLimitRevokeToken: rateLimitRevokeToken
    rateLimitApplyToken: rateLimitApplyToken
    rateLimitQueryToken: rateLimitQueryToken
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    brokerEventGridAudience: brokerEventGridAudience
    brokerEventGridTenantId: brokerEventGridTenantId
    brokerRabbitMqManagementUrl: brokerRabbitMqManagementUrl
    brokerRabbitMqAdminUsername: brokerRabbitMqAdminUsername
    brokerEmqxApiUrl: brokerEmqxApiUrl
    brokerEmqxApiKey: brokerEmqxApiKey
  }
}

module eventGrid 'app/eventgrid.bicep' = if (deployEventGrid) {
  name: 'eventgrid'
  params: {
    name: names.eventGrid
    location: location
    tags: tags
    functionAppHostName: functionApp.outputs.defaultHostName
    audience: brokerEventGridAudience
    tenantId: brokerEventGridTenantId
  }
}

@description('MQTT host name of the Event Grid namespace, when deployEventGrid is true.')
output EVENT_GRID_MQTT_HOSTNAME string = eventGrid.?outputs.mqttHostName ?? ''

@description('Name of the function app (az functionapp deploy --name).')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Public endpoint of the service.')
output FUNCTION_APP_ENDPOINT string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Table endpoint, for Storage__TableServiceUri when running tokenctl against Azure.')
output STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('Client ID of the function app\'s user-assigned identity.')
output MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Name of the Key Vault that must hold the key secrets.')
output KEY_VAULT_NAME string = keyVault.outputs.name
