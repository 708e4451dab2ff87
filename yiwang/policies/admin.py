from django.contrib import admin

from .models import Article, PolicyDocument


class ArticleInline(admin.StackedInline):
    model = Article
    extra = 0
    fields = ["seq", "title", "mode", "conditions", "amount", "formula", "cap", "notice_days"]
    readonly_fields = fields  # articles are edited on their page, where the conditions are checked

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "issuing_unit", "state", "valid_from", "valid_to"]
    search_fields = ["number", "title"]
    inlines = [ArticleInline]
    readonly_fields = ["created_by", "created_at"]
