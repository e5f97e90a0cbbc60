"""The catalog of pulumi-aws resource types: named type tokens and what each type does with data.

Every pulumi-aws resource type falls in one of three kinds:

``at-rest``
    It stores data (buckets, tables, volumes, snapshots, keys, log groups, caches, queues and streams: SQS,
    Kinesis, MSK and MQ retain messages for days, so they count as storage, not transit). Customer content
    stored there must stay in the zone; a resource that declares a non-content data class through its
    data-class tag (``service-metadata``, ``billing``) may be exempted by configuration.
``processing``
    It handles data in transit (functions, containers, instances, API Gateway, load balancers, SNS, Step
    Functions, Firehose, Glue jobs). Requests must be processed in the zone; no data-class exemption applies,
    because what flows through a processor is decided by its callers, not by a tag.
``control``
    Control plane, configuration or global identity that holds no customer content (IAM, Route 53,
    Organizations, security groups, VPC plumbing, alarms, WAF rules).

The table is compact: one default per pulumi-aws module (the ``aws:<module>/...`` part of the token) and
per-type overrides where a module mixes kinds. A type of an unknown module classifies as at-rest (fail closed:
a new service is assumed to store data until someone classifies it), and the test suite enumerates every type
of the installed pulumi-aws so that a new module fails the build instead of passing silently.

Global services take no ``region`` input in pulumi-aws 7 (IAM, CloudFront, Route 53 zones, Organizations,
Shield, Global Accelerator, ...). They are listed explicitly (:data:`GLOBAL_MODULES`, :data:`GLOBAL_TYPES`),
and the tests check that list against the ``region`` inputs of the installed SDK in both directions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Final

# ------------------------------------------------------------------------------------------------------------
# Type tokens the policies refer to by name (one place: no string literals in the policy modules)
# ------------------------------------------------------------------------------------------------------------

AWS_PROVIDER: Final = "pulumi:providers:aws"

S3_BUCKET: Final = "aws:s3/bucket:Bucket"
S3_BUCKET_V2: Final = "aws:s3/bucketV2:BucketV2"
S3_REPLICATION: Final = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
DYNAMODB_TABLE: Final = "aws:dynamodb/table:Table"
DYNAMODB_GLOBAL_TABLE: Final = "aws:dynamodb/globalTable:GlobalTable"
DYNAMODB_TABLE_REPLICA: Final = "aws:dynamodb/tableReplica:TableReplica"
RDS_INSTANCE: Final = "aws:rds/instance:Instance"
RDS_CLUSTER: Final = "aws:rds/cluster:Cluster"
RDS_GLOBAL_CLUSTER: Final = "aws:rds/globalCluster:GlobalCluster"
BACKUP_PLAN: Final = "aws:backup/plan:Plan"
KMS_KEY: Final = "aws:kms/key:Key"
KMS_REPLICA_KEY: Final = "aws:kms/replicaKey:ReplicaKey"
KMS_REPLICA_EXTERNAL_KEY: Final = "aws:kms/replicaExternalKey:ReplicaExternalKey"
LOG_GROUP: Final = "aws:cloudwatch/logGroup:LogGroup"
LOG_SUBSCRIPTION_FILTER: Final = "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter"
FIREHOSE_DELIVERY_STREAM: Final = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"
LAMBDA_FUNCTION: Final = "aws:lambda/function:Function"
LAMBDA_EVENT_INVOKE_CONFIG: Final = "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig"
LAMBDA_FUNCTION_URL: Final = "aws:lambda/functionUrl:FunctionUrl"
LAMBDA_PERMISSION: Final = "aws:lambda/permission:Permission"
SECRETSMANAGER_SECRET: Final = "aws:secretsmanager/secret:Secret"
ECR_REPLICATION: Final = "aws:ecr/replicationConfiguration:ReplicationConfiguration"
EBS_SNAPSHOT_COPY: Final = "aws:ebs/snapshotCopy:SnapshotCopy"
EC2_AMI_COPY: Final = "aws:ec2/amiCopy:AmiCopy"
EC2_VPC_PEERING: Final = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"
TGW_PEERING: Final = "aws:ec2transitgateway/peeringAttachment:PeeringAttachment"
EFS_REPLICATION: Final = "aws:efs/replicationConfiguration:ReplicationConfiguration"
DLM_LIFECYCLE_POLICY: Final = "aws:dlm/lifecyclePolicy:LifecyclePolicy"
IMAGEBUILDER_DISTRIBUTION: Final = "aws:imagebuilder/distributionConfiguration:DistributionConfiguration"
SSM_RESOURCE_DATA_SYNC: Final = "aws:ssm/resourceDataSync:ResourceDataSync"
SSMINCIDENTS_REPLICATION_SET: Final = "aws:ssmincidents/replicationSet:ReplicationSet"

IAM_ACCESS_KEY: Final = "aws:iam/accessKey:AccessKey"
APIGW_REST_API: Final = "aws:apigateway/restApi:RestApi"
APIGW_STAGE: Final = "aws:apigateway/stage:Stage"
APIGW_METHOD: Final = "aws:apigateway/method:Method"
APIGW_METHOD_SETTINGS: Final = "aws:apigateway/methodSettings:MethodSettings"
APIGW_DOMAIN_NAME: Final = "aws:apigateway/domainName:DomainName"
APIGW_API_KEY: Final = "aws:apigateway/apiKey:ApiKey"
APIGW_USAGE_PLAN_KEY: Final = "aws:apigateway/usagePlanKey:UsagePlanKey"
APIGWV2_API: Final = "aws:apigatewayv2/api:Api"
APIGWV2_ROUTE: Final = "aws:apigatewayv2/route:Route"
APIGWV2_STAGE: Final = "aws:apigatewayv2/stage:Stage"
LB_LOAD_BALANCER: Final = "aws:lb/loadBalancer:LoadBalancer"
ALB_LOAD_BALANCER: Final = "aws:alb/loadBalancer:LoadBalancer"
ELB_LOAD_BALANCER: Final = "aws:elb/loadBalancer:LoadBalancer"
APPSYNC_GRAPHQL_API: Final = "aws:appsync/graphQLApi:GraphQLApi"
APPSYNC_API_KEY: Final = "aws:appsync/apiKey:ApiKey"
APPSYNC_API_CACHE: Final = "aws:appsync/apiCache:ApiCache"
CLOUDFRONT_DISTRIBUTION: Final = "aws:cloudfront/distribution:Distribution"
CLOUDFRONT_FUNCTION: Final = "aws:cloudfront/function:Function"
CLOUDFRONT_CONNECTION_FUNCTION: Final = "aws:cloudfront/connectionFunction:ConnectionFunction"
GLOBALACCELERATOR_ACCELERATOR: Final = "aws:globalaccelerator/accelerator:Accelerator"
TRANSFER_SERVER: Final = "aws:transfer/server:Server"
LIGHTSAIL_BUCKET_ACCESS_KEY: Final = "aws:lightsail/bucketAccessKey:BucketAccessKey"
WAFV2_WEB_ACL: Final = "aws:wafv2/webAcl:WebAcl"
WAFV2_WEB_ACL_ASSOCIATION: Final = "aws:wafv2/webAclAssociation:WebAclAssociation"


# Exposure: endpoints, the network in front of them, and what can restrict them.
WAFV2_WEB_ACL_RULE: Final = "aws:wafv2/webAclRule:WebAclRule"
WAFV2_RULE_GROUP_ASSOCIATION: Final = "aws:wafv2/webAclRuleGroupAssociation:WebAclRuleGroupAssociation"
WAFV2_RULE_GROUP: Final = "aws:wafv2/ruleGroup:RuleGroup"
WAFV2_IP_SET: Final = "aws:wafv2/ipSet:IpSet"
CLOUDFRONT_MULTITENANT_DISTRIBUTION: Final = "aws:cloudfront/multitenantDistribution:MultitenantDistribution"
CLOUDFRONT_DISTRIBUTION_TENANT: Final = "aws:cloudfront/distributionTenant:DistributionTenant"
CLOUDFRONT_CACHE_POLICY: Final = "aws:cloudfront/cachePolicy:CachePolicy"
COGNITO_USER_POOL: Final = "aws:cognito/userPool:UserPool"
COGNITO_USER_POOL_DOMAIN: Final = "aws:cognito/userPoolDomain:UserPoolDomain"
APPRUNNER_SERVICE: Final = "aws:apprunner/service:Service"
AMPLIFY_APP: Final = "aws:amplify/app:App"
APPSYNC_EVENT_API: Final = "aws:appsync/api:Api"
APPSYNC_CHANNEL_NAMESPACE: Final = "aws:appsync/channelNamespace:ChannelNamespace"
GLOBALACCELERATOR_CUSTOM_ROUTING: Final = "aws:globalaccelerator/customRoutingAccelerator:CustomRoutingAccelerator"
EC2_INSTANCE: Final = "aws:ec2/instance:Instance"
EC2_SPOT_INSTANCE_REQUEST: Final = "aws:ec2/spotInstanceRequest:SpotInstanceRequest"
EC2_LAUNCH_TEMPLATE: Final = "aws:ec2/launchTemplate:LaunchTemplate"
EC2_LAUNCH_CONFIGURATION: Final = "aws:ec2/launchConfiguration:LaunchConfiguration"
AUTOSCALING_GROUP: Final = "aws:autoscaling/group:Group"
EC2_SECURITY_GROUP: Final = "aws:ec2/securityGroup:SecurityGroup"
EC2_DEFAULT_SECURITY_GROUP: Final = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
EC2_SECURITY_GROUP_RULE: Final = "aws:ec2/securityGroupRule:SecurityGroupRule"
VPC_SECURITY_GROUP_INGRESS_RULE: Final = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
EC2_SUBNET: Final = "aws:ec2/subnet:Subnet"
EC2_DEFAULT_SUBNET: Final = "aws:ec2/defaultSubnet:DefaultSubnet"
EC2_ROUTE: Final = "aws:ec2/route:Route"
EC2_ROUTE_TABLE: Final = "aws:ec2/routeTable:RouteTable"
EC2_DEFAULT_ROUTE_TABLE: Final = "aws:ec2/defaultRouteTable:DefaultRouteTable"
EC2_ROUTE_TABLE_ASSOCIATION: Final = "aws:ec2/routeTableAssociation:RouteTableAssociation"
EC2_MAIN_ROUTE_TABLE_ASSOCIATION: Final = "aws:ec2/mainRouteTableAssociation:MainRouteTableAssociation"
EC2_INTERNET_GATEWAY: Final = "aws:ec2/internetGateway:InternetGateway"
EC2_EIP: Final = "aws:ec2/eip:Eip"
EC2_NETWORK_INTERFACE: Final = "aws:ec2/networkInterface:NetworkInterface"
EC2_EIP_ASSOCIATION: Final = "aws:ec2/eipAssociation:EipAssociation"
EC2_AMI_LAUNCH_PERMISSION: Final = "aws:ec2/amiLaunchPermission:AmiLaunchPermission"
EC2_IMAGE_BLOCK_PUBLIC_ACCESS: Final = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess"
EC2_SNAPSHOT_CREATE_VOLUME_PERMISSION: Final = "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission"
EBS_SNAPSHOT_BLOCK_PUBLIC_ACCESS: Final = "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess"
ECS_SERVICE: Final = "aws:ecs/service:Service"
RDS_CLUSTER_INSTANCE: Final = "aws:rds/clusterInstance:ClusterInstance"
RDS_SUBNET_GROUP: Final = "aws:rds/subnetGroup:SubnetGroup"
RDS_SNAPSHOT: Final = "aws:rds/snapshot:Snapshot"
RDS_SNAPSHOT_COPY: Final = "aws:rds/snapshotCopy:SnapshotCopy"
RDS_CLUSTER_SNAPSHOT: Final = "aws:rds/clusterSnapshot:ClusterSnapshot"
RDS_CLUSTER_SNAPSHOT_COPY: Final = "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy"
REDSHIFT_CLUSTER: Final = "aws:redshift/cluster:Cluster"
REDSHIFT_SERVERLESS_WORKGROUP: Final = "aws:redshiftserverless/workgroup:Workgroup"
NEPTUNE_CLUSTER_INSTANCE: Final = "aws:neptune/clusterInstance:ClusterInstance"
DMS_REPLICATION_INSTANCE: Final = "aws:dms/replicationInstance:ReplicationInstance"
MQ_BROKER: Final = "aws:mq/broker:Broker"
OPENSEARCH_DOMAIN: Final = "aws:opensearch/domain:Domain"
OPENSEARCH_DOMAIN_POLICY: Final = "aws:opensearch/domainPolicy:DomainPolicy"
ELASTICSEARCH_DOMAIN: Final = "aws:elasticsearch/domain:Domain"
ELASTICSEARCH_DOMAIN_POLICY: Final = "aws:elasticsearch/domainPolicy:DomainPolicy"
S3_BUCKET_POLICY: Final = "aws:s3/bucketPolicy:BucketPolicy"
S3_BUCKET_ACL: Final = "aws:s3/bucketAcl:BucketAcl"
S3_BUCKET_ACL_V2: Final = "aws:s3/bucketAclV2:BucketAclV2"
S3_BUCKET_PUBLIC_ACCESS_BLOCK: Final = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
S3_ACCOUNT_PUBLIC_ACCESS_BLOCK: Final = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
S3_BUCKET_WEBSITE: Final = "aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration"
S3_BUCKET_WEBSITE_V2: Final = "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2"
LIGHTSAIL_INSTANCE: Final = "aws:lightsail/instance:Instance"
LIGHTSAIL_CONTAINER_SERVICE: Final = "aws:lightsail/containerService:ContainerService"
LIGHTSAIL_DISTRIBUTION: Final = "aws:lightsail/distribution:Distribution"
LIGHTSAIL_LB: Final = "aws:lightsail/lb:Lb"
LIGHTSAIL_DATABASE: Final = "aws:lightsail/database:Database"

# Keyless and stateless additions.
IAM_USER_LOGIN_PROFILE: Final = "aws:iam/userLoginProfile:UserLoginProfile"
IAM_SERVICE_SPECIFIC_CREDENTIAL: Final = "aws:iam/serviceSpecificCredential:ServiceSpecificCredential"
SFN_STATE_MACHINE: Final = "aws:sfn/stateMachine:StateMachine"
BEDROCK_INVOCATION_LOGGING: Final = "aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration"

#: S3 bucket types whose ``bucket`` input is the global bucket name (resolves region-less bucket ARNs).
S3_BUCKET_TYPES: Final = frozenset({S3_BUCKET, S3_BUCKET_V2})

#: Load balancers that WAFv2 can protect (application load balancers).
APPLICATION_LOAD_BALANCERS: Final = frozenset({LB_LOAD_BALANCER, ALB_LOAD_BALANCER})


# ------------------------------------------------------------------------------------------------------------
# Kinds and the classification table
# ------------------------------------------------------------------------------------------------------------


class Kind(StrEnum):
    """What a resource type does with data."""

    AT_REST = "at-rest"
    PROCESSING = "processing"
    CONTROL = "control"


@dataclass(frozen=True, slots=True)
class Classification:
    """The classification of one type token.

    ``explicit`` is false when the type's module is not in the table (fail closed: such a type is at-rest);
    ``is_global`` means the type takes no ``region`` (its effective region is not a residency decision).
    """

    type_token: str
    kind: Kind
    is_global: bool
    explicit: bool
    source: str

    @property
    def module(self) -> str:
        """The pulumi-aws module of the type (``s3`` for ``aws:s3/bucket:Bucket``), or ``""``."""
        return module_of(self.type_token)


def _modules(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Module defaults. The split into three strings keeps the table readable in a diff; ``test_catalog`` checks
# that no module appears twice and that every module of the installed pulumi-aws appears once.
_AT_REST_MODULES = _modules("""
    amp appconfig appfabric auditmanager backup cloudcontrol cloudformation cloudhsmv2 cloudsearch cloudtrail
    cloudwatchomni codeartifact codecommit codeguruprofiler cognito connect customerprofiles dataexchange
    datazone dax detective directoryservice directoryservicedata docdb drs dsql dynamodb ebs ecr ecrpublic efs
    elasticache elasticsearch evidently finspace fsx glacier identitystore kendra keyspaces kinesis kms
    mailmanager mediastore memorydb mq msk neptune neptunegraph odb opensearch paymentcryptography pinpoint
    qbusiness qldb quicksight rds redshift redshiftserverless rum s3 s3control s3outposts s3tables
    secretsmanager securitylake sqs storagegateway timestreaminfluxdb timestreamwrite workmail workspaces xray
""")
_PROCESSING_MODULES = _modules("""
    agentregistry alb amplify apigateway apigatewayv2 appflow appintegrations apprunner appstream appsync
    athena autoscaling batch bedrock bedrockmodel chatbot chime chimesdkmediapipelines cleanrooms cloud9
    cloudfront codebuild codecatalyst codegurureviewer codepipeline comprehend datapipeline datasync
    devicefarm devopsagent dms ec2clientvpn ecs eks elasticbeanstalk elastictranscoder elb emr emrcontainers
    emrserverless gamelift globalaccelerator glue grafana imagebuilder iot ivs ivschat kinesisanalyticsv2
    lambda lambdamicrovms lb lex lightsail location m2 medialive mediaconvert mediapackage mediapackagev2
    mskconnect mwaa networkfirewall opensearchingest pipes redshiftdata rekognition sagemaker scheduler
    serverlessrepository ses sesv2 sfn sns swf synthetics timestreamquery transcribe transfer verifiedaccess
    vpclattice workspacesweb
""")
_CONTROL_MODULES = _modules("""
    accessanalyzer account accountaccess acm acmpca appautoscaling applicationinsights appmesh
    arcregionswitch arczonalshift autoscalingplans bcmdata bedrockfoundation billing budgets cfg
    cloudwatch codeconnections codedeploy codestarconnections codestarnotifications computeoptimizer
    controltower costexplorer costoptimizationhub cur devopsguru directconnect dlm ec2 ec2transitgateway fis
    fms guardduty
    iam inspector inspector2 invoicing lakeformation licensemanager macie macie2 networkflowmonitor
    networkmanager networkmonitor notifications oam observabilityadmin organizations outposts
    pricingplanmanager ram rbin resiliencehub resourceexplorer resourcegroups rolesanywhere route53
    route53domains route53recoverycontrol route53recoveryreadiness savingsplans schemas securityhub
    servicecatalog servicediscovery servicequotas shield signer ssm ssmcontacts ssmincidents ssoadmin uxc
    verifiedpermissions vpc waf wafregional wafv2
""")

#: The default kind of each pulumi-aws module.
MODULE_KINDS: Final = MappingProxyType(
    dict.fromkeys(_AT_REST_MODULES, Kind.AT_REST)
    | dict.fromkeys(_PROCESSING_MODULES, Kind.PROCESSING)
    | dict.fromkeys(_CONTROL_MODULES, Kind.CONTROL)
)

#: Types whose kind differs from their module's default, with the reason in a comment where not obvious.
TYPE_OVERRIDES: Final = MappingProxyType(
    {
        # EC2 is mostly network plumbing (control); instances run code and images hold disk contents.
        "aws:ec2/instance:Instance": Kind.PROCESSING,
        "aws:ec2/spotInstanceRequest:SpotInstanceRequest": Kind.PROCESSING,
        "aws:ec2/spotFleetRequest:SpotFleetRequest": Kind.PROCESSING,
        "aws:ec2/fleet:Fleet": Kind.PROCESSING,
        "aws:ec2/flowLog:FlowLog": Kind.PROCESSING,  # ships traffic records to a destination
        "aws:ec2/trafficMirrorSession:TrafficMirrorSession": Kind.PROCESSING,  # copies packets
        "aws:ec2/ami:Ami": Kind.AT_REST,
        EC2_AMI_COPY: Kind.AT_REST,
        "aws:ec2/amiFromInstance:AmiFromInstance": Kind.AT_REST,
        "aws:ec2/spotDatafeedSubscription:SpotDatafeedSubscription": Kind.PROCESSING,
        # CloudWatch: alarms and dashboards are control; logs store, subscriptions and deliveries move data.
        LOG_GROUP: Kind.AT_REST,
        "aws:cloudwatch/logStream:LogStream": Kind.AT_REST,
        "aws:cloudwatch/eventArchive:EventArchive": Kind.AT_REST,
        "aws:cloudwatch/eventBus:EventBus": Kind.PROCESSING,
        "aws:cloudwatch/eventTarget:EventTarget": Kind.PROCESSING,
        "aws:cloudwatch/eventApiDestination:EventApiDestination": Kind.PROCESSING,
        "aws:cloudwatch/eventEndpoint:EventEndpoint": Kind.PROCESSING,
        LOG_SUBSCRIPTION_FILTER: Kind.PROCESSING,
        "aws:cloudwatch/logDestination:LogDestination": Kind.PROCESSING,
        "aws:cloudwatch/logDelivery:LogDelivery": Kind.PROCESSING,
        "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": Kind.PROCESSING,
        "aws:cloudwatch/logDeliverySource:LogDeliverySource": Kind.PROCESSING,
        "aws:cloudwatch/logAnomalyDetector:LogAnomalyDetector": Kind.PROCESSING,
        "aws:cloudwatch/logTransformer:LogTransformer": Kind.PROCESSING,
        "aws:cloudwatch/logS3TableIntegrationSource:LogS3TableIntegrationSource": Kind.PROCESSING,
        "aws:cloudwatch/metricStream:MetricStream": Kind.PROCESSING,
        # Kinesis: streams retain records (at-rest); Firehose and analytics move them.
        FIREHOSE_DELIVERY_STREAM: Kind.PROCESSING,
        "aws:kinesis/analyticsApplication:AnalyticsApplication": Kind.PROCESSING,
        # Processing modules with a storing type.
        APPSYNC_API_CACHE: Kind.AT_REST,
        "aws:bedrock/agentKnowledgeBase:AgentKnowledgeBase": Kind.AT_REST,
        "aws:bedrock/customModel:CustomModel": Kind.AT_REST,
        "aws:bedrock/agentcoreMemory:AgentcoreMemory": Kind.AT_REST,
        "aws:lambda/layerVersion:LayerVersion": Kind.AT_REST,
        "aws:lightsail/bucket:Bucket": Kind.AT_REST,
        "aws:lightsail/database:Database": Kind.AT_REST,
        "aws:lightsail/disk:Disk": Kind.AT_REST,
        "aws:sagemaker/featureGroup:FeatureGroup": Kind.AT_REST,
        "aws:sagemaker/domain:Domain": Kind.AT_REST,  # user home directories on EFS
        "aws:sagemaker/notebookInstance:NotebookInstance": Kind.AT_REST,
        # CloudFront is global processing; its configuration objects are control, key-value stores hold data.
        "aws:cloudfront/keyValueStore:KeyValueStore": Kind.AT_REST,
        "aws:cloudfront/keyvaluestoreKey:KeyvaluestoreKey": Kind.AT_REST,
        "aws:cloudfront/keyvaluestoreKeysExclusive:KeyvaluestoreKeysExclusive": Kind.AT_REST,
        "aws:cloudfront/cachePolicy:CachePolicy": Kind.CONTROL,
        "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": Kind.CONTROL,
        "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": Kind.CONTROL,
        "aws:cloudfront/originAccessControl:OriginAccessControl": Kind.CONTROL,
        "aws:cloudfront/originAccessIdentity:OriginAccessIdentity": Kind.CONTROL,
        "aws:cloudfront/publicKey:PublicKey": Kind.CONTROL,
        "aws:cloudfront/keyGroup:KeyGroup": Kind.CONTROL,
        "aws:cloudfront/monitoringSubscription:MonitoringSubscription": Kind.CONTROL,
        "aws:cloudfront/continuousDeploymentPolicy:ContinuousDeploymentPolicy": Kind.CONTROL,
        "aws:cloudfront/fieldLevelEncryptionConfig:FieldLevelEncryptionConfig": Kind.CONTROL,
        "aws:cloudfront/fieldLevelEncryptionProfile:FieldLevelEncryptionProfile": Kind.CONTROL,
        "aws:cloudfront/anycastIpList:AnycastIpList": Kind.CONTROL,
        "aws:cloudfront/trustStore:TrustStore": Kind.CONTROL,
        "aws:cloudfront/vpcOrigin:VpcOrigin": Kind.CONTROL,
        # Control modules with a storing or moving type.
        "aws:ssm/parameter:Parameter": Kind.AT_REST,  # parameters may hold any value
        SSM_RESOURCE_DATA_SYNC: Kind.PROCESSING,
        "aws:route53/queryLog:QueryLog": Kind.PROCESSING,  # ships DNS query logs to a log group
        "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig": Kind.PROCESSING,
        "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": Kind.PROCESSING,
        "aws:guardduty/publishingDestination:PublishingDestination": Kind.PROCESSING,
        # At-rest modules with pure configuration types.
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": Kind.CONTROL,
        "aws:backup/globalSettings:GlobalSettings": Kind.CONTROL,
        "aws:backup/regionSettings:RegionSettings": Kind.CONTROL,
        "aws:kinesis/accountSettings:AccountSettings": Kind.CONTROL,
    }
)

#: Modules whose every type is global (no ``region`` input in pulumi-aws 7).
GLOBAL_MODULES: Final = _modules("""
    account bcmdata billing budgets cloudfront costexplorer costoptimizationhub cur globalaccelerator iam
    networkmanager notifications organizations pricingplanmanager rolesanywhere route53domains
    route53recoverycontrol route53recoveryreadiness shield uxc waf
""")

#: Global types in otherwise regional modules (Route 53 zones and records, account-wide settings).
GLOBAL_TYPES: Final = frozenset(
    {
        "aws:backup/globalSettings:GlobalSettings",
        "aws:bedrock/useCaseForModelAccess:UseCaseForModelAccess",
        "aws:chime/sdkvoiceGlobalSettings:SdkvoiceGlobalSettings",
        "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount",
        "aws:directconnect/gateway:Gateway",
        "aws:ec2/vpcIpamOrganizationAdminAccount:VpcIpamOrganizationAdminAccount",
        "aws:fms/adminAccount:AdminAccount",
        "aws:ram/sharingWithOrganization:SharingWithOrganization",
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
        "aws:servicecatalog/organizationsAccess:OrganizationsAccess",
        *(
            f"aws:route53/{name[0].lower()}{name[1:]}:{name}"
            for name in (
                "CidrCollection", "CidrLocation", "DelegationSet", "HealthCheck", "HostedZoneDnsSec",
                "KeySigningKey", "QueryLog", "Record", "RecordsExclusive", "TrafficPolicy",
                "TrafficPolicyInstance", "VpcAssociationAuthorization", "Zone", "ZoneAssociation",
            )
        ),
    }
)


@lru_cache(maxsize=8192)
def module_of(type_token: str) -> str:
    """The module part of a pulumi-aws type token (``s3`` for ``aws:s3/bucket:Bucket``); ``""`` otherwise."""
    parts = type_token.split(":")
    if len(parts) != 3 or parts[0] != "aws":
        return ""
    return parts[1].split("/", 1)[0]


def is_aws_type(type_token: str) -> bool:
    """Whether the token names a pulumi-aws resource (``aws:<module>/<name>:<Type>``)."""
    return bool(module_of(type_token))


@lru_cache(maxsize=8192)
def is_global(type_token: str) -> bool:
    """Whether the type is global (takes no ``region``)."""
    return module_of(type_token) in GLOBAL_MODULES or type_token in GLOBAL_TYPES


@lru_cache(maxsize=8192)
def classify(type_token: str) -> Classification:
    """Classify a pulumi-aws type token; an unknown or unclassified type is at-rest (fail closed)."""
    module = module_of(type_token)
    global_scope = is_global(type_token)
    if type_token in TYPE_OVERRIDES:
        return Classification(type_token, TYPE_OVERRIDES[type_token], global_scope, True, "type override")
    if module in MODULE_KINDS:
        return Classification(type_token, MODULE_KINDS[module], global_scope, True, "default of module "
                                                                                    f"{module}")
    return Classification(type_token, Kind.AT_REST, global_scope, False, "unclassified: treated as at-rest")
