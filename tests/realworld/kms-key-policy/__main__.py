import pulumi
import pulumi_aws as aws

me = aws.get_caller_identity()
part = aws.get_partition()
policy = aws.iam.get_policy_document(statements=[{
    "sid": "Root",
    "actions": ["kms:*"],
    "resources": ["*"],
    "principals": [{"type": "AWS", "identifiers": [f"arn:{part.partition}:iam::{me.account_id}:root"]}],
}])
aws.kms.Key("app", policy=policy.json, enable_key_rotation=True)
