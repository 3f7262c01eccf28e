// The Flex Consumption plan and the function app: the .NET 10 isolated worker
// (src/TokenService.Functions) deployed as artifacts/functionapp.zip from ./publish.sh.

@description('Name of the function app.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of the user-assigned identity.')
param identityClientId string

@description('Name of the storage account used by the Functions host.')
param storageAccountName string

@description('URL of the blob container that holds the deployment package.')
param deploymentContainerUrl string

@description('Table service endpoint of the service\'s storage.')
param tableEndpoint string

@description('Prefix of the service\'s table names.')
param tablePrefix string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('URI of the Key Vault that holds the key material, ending with a slash.')
param keyVaultUri string

@description('Ids of the keys that encrypt AccessKey secrets; each needs a Key Vault secret secrets-key-<id>.')
param encryptionKeyIds array

@description('Id of the key new AccessKey secrets are encrypted with.')
param encryptionCurrentKeyId string

@description('Ids of the token-signing keys; each needs a Key Vault secret token-signing-key-<id>.')
param signingKeyIds array

@description('Id of the key new tokens are signed with.')
param signingCurrentKeyId string

@description('Per-account RevokeToken limit in calls per second.')
param rateLimitRevokeToken int

@description('Per-account ApplyToken limit in calls per second.')
param rateLimitApplyToken int

@description('Per-account QueryToken limit in calls per second.')
param rateLimitQueryToken int

@description('Most instances the app scales out to.')
param maximumInstanceCount int

@description('Memory of each instance in MB.')
param instanceMemoryMB int

@description('Audience of the Event Grid webhook\'s Entra ID token; empty refuses every webhook call.')
param brokerEventGridAudience string

@description('Entra ID tenant of the Event Grid webhook\'s token.')
param brokerEventGridTenantId string

@description('RabbitMQ management API for closing connections; empty: none.')
param brokerRabbitMqManagementUrl string

@description('The service\'s RabbitMQ management user.')
param brokerRabbitMqAdminUsername string

@description('EMQX REST API for kicking clients; empty: none.')
param brokerEmqxApiUrl string

@description('The EMQX API key.')
param brokerEmqxApiKey string

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

// Only references to Key Vault secrets, resolved by the platform with the app's identity
// (keyVaultReferenceIdentity below); the values never appear in the template or its history.
var encryptionKeySettings = [
  for id in encryptionKeyIds: {
    name: 'Secrets__Keys__${id}'
    value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/secrets-key-${id}/)'
  }
]

var signingKeySettings = [
  for id in signingKeyIds: {
    name: 'Tokens__SigningKeys__${id}'
    value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/token-signing-key-${id}/)'
  }
]

// The broker APIs through which connections are closed (docs/brokers.md, "Disconnects"), only
// when configured: a password setting without its secret would be a literal reference string.
var rabbitMqSettings = empty(brokerRabbitMqManagementUrl) ? [] : [
  { name: 'Brokers__RabbitMq__ManagementUrl', value: brokerRabbitMqManagementUrl }
  { name: 'Brokers__RabbitMq__AdminUsername', value: brokerRabbitMqAdminUsername }
  { name: 'Brokers__RabbitMq__AdminPassword', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/broker-rabbitmq-admin-password/)' }
]

var emqxSettings = empty(brokerEmqxApiUrl) ? [] : [
  { name: 'Brokers__Emqx__ApiUrl', value: brokerEmqxApiUrl }
  { name: 'Brokers__Emqx__ApiKey', value: brokerEmqxApiKey }
  { name: 'Brokers__Emqx__ApiSecret', value: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/broker-emqx-api-secret/)' }
]

var settings = [
  // The host's storage through the identity, without an account key.
  { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
  { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
  { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
  // The catch-all RPC route also matches the site root, which must be the API, not the host's page.
  { name: 'AzureWebJobsDisableHomepage', value: 'true' }
  // Telemetry with Entra authentication (the component has local auth disabled).
  { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsights.properties.ConnectionString }
  { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
  // The service's own options (StorageOptions, RateLimitOptions, key rings).
  { name: 'Storage__TableServiceUri', value: tableEndpoint }
  { name: 'Storage__ClientId', value: identityClientId }
  { name: 'Storage__TablePrefix', value: tablePrefix }
  { name: 'RateLimit__RevokeToken', value: string(rateLimitRevokeToken) }
  { name: 'RateLimit__ApplyToken', value: string(rateLimitApplyToken) }
  { name: 'RateLimit__QueryToken', value: string(rateLimitQueryToken) }
  { name: 'Secrets__CurrentKeyId', value: encryptionCurrentKeyId }
  { name: 'Tokens__CurrentKeyId', value: signingCurrentKeyId }
  { name: 'Brokers__EventGrid__TenantId', value: brokerEventGridTenantId }
  { name: 'Brokers__EventGrid__Audience', value: brokerEventGridAudience }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd deploys the `api` service of azure.yaml to the site with this tag.
  tags: union(tags, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(settings, encryptionKeySettings, signingKeySettings, rabbitMqSettings, emqxSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the runtime here, not from FUNCTIONS_WORKER_RUNTIME (a setting it refuses).
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No publishing passwords: deployments (az functionapp deploy) authenticate with Entra ID.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName
