from django.urls import path

from . import grid, views

app_name = "workorders"
urlpatterns = [
    path("", views.home, name="home"),
    path("orders/", views.order_list, name="list"),
    path("orders/export.xlsx", views.order_export, name="export"),
    path("orders/exports/<int:pk>/", views.export_job, name="export_job"),
    path("orders/exports/<int:pk>/download/", views.export_download, name="export_download"),
    path("orders/new/", views.order_new, name="new"),
    path("grid/report/", grid.report, name="grid_report"),
    path("orders/import/", views.order_import, name="import"),
    path("orders/import/template.xlsx", views.import_template, name="import_template"),
    path("orders/import/<int:pk>/", views.import_batch, name="import_batch"),
    path("orders/import/<int:pk>/undo/", views.import_undo, name="import_undo"),
    path("orders/caller/", views.caller_lookup, name="caller"),
    path("orders/find-caller/", views.find_caller, name="find_caller"),
    path("orders/bulk-dispatch/", views.bulk_dispatch, name="bulk_dispatch"),
    path("orders/<str:number>/", views.order_detail, name="detail"),
    path("orders/<str:number>/act/<str:code>/", views.order_act, name="act"),
    path("orders/<str:number>/print/", views.order_print, name="print"),
    path("orders/<str:number>/attach/", views.order_attach, name="attach"),
    path("orders/<str:number>/files/<int:pk>/", views.attachment_download, name="file"),
    path("orders/<str:number>/reveal/<str:field>/", views.reveal, name="reveal"),
]
