// Optional: an Event Grid namespace with its MQTT broker, whose clients authenticate through the
// service's webhook (/broker/eventgrid/authn). The namespace's system-assigned identity requests
// an Entra ID token for the audience the app validates (Brokers__EventGrid__Audience). Topic
// spaces, client groups and permission bindings are the operator's (see docs/brokers.md).

@description('Name of the Event Grid namespace.')
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags object

@description('Host name of the function app that answers the webhook.')
param functionAppHostName string

@description('Audience (application ID URI or client id) of the token the namespace sends.')
param audience string

@description('Entra ID tenant of that token.')
param tenantId string

resource namespace 'Microsoft.EventGrid/namespaces@2025-04-01-preview' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    capacity: 1
  }
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    publicNetworkAccess: 'Enabled'
    topicSpacesConfiguration: {
      state: 'Enabled'
      clientAuthentication: {
        webhookAuthentication: {
          identity: {
            type: 'SystemAssigned'
          }
          endpointUrl: 'https://${functionAppHostName}/broker/eventgrid/authn'
          azureActiveDirectoryApplicationIdOrUri: audience
          azureActiveDirectoryTenantId: tenantId
        }
      }
    }
  }
}

@description('MQTT host name devices connect to.')
output mqttHostName string = namespace.properties.topicSpacesConfiguration.hostname
