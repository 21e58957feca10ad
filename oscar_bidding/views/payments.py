from django.views.generic import View

MilestonePayView = View  # placeholder until the Pay view lands
