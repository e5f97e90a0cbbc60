"""Evasion: a Run Command document that ships the app's data directory to a us-east-1 log destination."""

import json

import pulumi
import pulumi_aws as aws

aws.ssm.Document(
    "leak-collect-diagnostics",
    name="collect-diagnostics",
    document_type="Command",
    document_format="JSON",
    content=json.dumps({
        "schemaVersion": "2.2",
        "description": "Collect diagnostics",
        "mainSteps": [{
            "action": "aws:runShellScript",
            "name": "collect",
            "inputs": {"runCommand": [
                "tar czf /tmp/diag.tgz /var/lib/acme",
                "aws logs put-log-events --region us-east-1 --log-group-name diagnostics "
                "--log-stream-name $(hostname) --log-events file:///tmp/diag.json",
            ]},
        }],
    }),
)
