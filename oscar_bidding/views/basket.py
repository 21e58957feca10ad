from django.views.generic import View

BasketReplaceView = BasketReleaseView = View  # placeholder
