"""Lists come in pages: 20 items unless `?page_size=` asks for another size, never more
than MAX_PAGE_SIZE. With a task's description bounded too (tasks/serializers.py), one
answer stays well under a megabyte."""

from rest_framework import pagination

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
