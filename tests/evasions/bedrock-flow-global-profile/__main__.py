"""Evasion: a prompt flow's inline prompt node runs on a global.* profile (the flow itself lives in the zone)."""

import pulumi
import pulumi_aws as aws

aws.bedrock.AgentFlow(
    "leak-triage-flow",
    name="triage",
    execution_role_arn="arn:aws:iam::123456789012:role/bedrock-flow",
    definition={
        "nodes": [
            {
                "name": "FlowInput",
                "type": "Input",
                "configuration": {"input": {}},
                "outputs": [{"name": "document", "type": "String"}],
            },
            {
                "name": "Classify",
                "type": "Prompt",
                "configuration": {"prompt": {"source_configuration": {"inline": {
                    "model_id": "global.anthropic.claude-haiku-4-5-20251001-v1:0",
                    "template_type": "TEXT",
                    "template_configuration": {"text": {
                        "text": "Classify this message: {{message}}",
                        "input_variables": [{"name": "message"}],
                    }},
                }}}},
                "inputs": [{"name": "message", "type": "String", "expression": "$.data"}],
                "outputs": [{"name": "modelCompletion", "type": "String"}],
            },
            {
                "name": "FlowOutput",
                "type": "Output",
                "configuration": {"output": {}},
                "inputs": [{"name": "document", "type": "String", "expression": "$.data"}],
            },
        ],
        "connections": [
            {"name": "in", "source": "FlowInput", "target": "Classify", "type": "Data",
             "configuration": {"data": {"source_output": "document", "target_input": "message"}}},
            {"name": "out", "source": "Classify", "target": "FlowOutput", "type": "Data",
             "configuration": {"data": {"source_output": "modelCompletion", "target_input": "document"}}},
        ],
    },
)
