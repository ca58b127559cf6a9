from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    name = "tests.workflow_app"
    label = "workflow_app"
    verbose_name = "测试用流程"
