"""The tree of project types and the questions a type asks.

Types are few and read whole: one query gives every type's parent, so a
type's ancestors, the indented list of the project form and the cycle check
of the dashboard cost the same for one type or fifty.
"""

from oscar.core.loading import get_model

ProjectType = get_model("bidding", "ProjectType")
ProjectQuestion = get_model("bidding", "ProjectQuestion")


class TypeTree:
    """Every project type, with its parent and children, from one query."""

    def __init__(self, types):
        self.types = {t.pk: t for t in types}
        self.children = {}
        for project_type in self.types.values():
            self.children.setdefault(project_type.parent_id, []).append(project_type)
        for siblings in self.children.values():
            siblings.sort(key=lambda t: (t.name.lower(), t.pk))

    @classmethod
    def load(cls, queryset=None):
        queryset = ProjectType.objects.all() if queryset is None else queryset
        return cls(queryset.only("pk", "name", "parent_id", "description"))

    def get(self, pk):
        try:
            return self.types.get(int(pk))
        except (TypeError, ValueError):
            return None

    def ancestors(self, project_type, include_self=True):
        """From the root down to ``project_type``; a broken loop stops the walk."""
        chain, seen = [], set()
        node = self.types.get(getattr(project_type, "pk", project_type))
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            chain.append(node)
            node = self.types.get(node.parent_id)
        chain.reverse()
        return chain if include_self else chain[:-1]

    def descendants(self, project_type):
        """The pks of every type below ``project_type``."""
        found, todo = set(), [getattr(project_type, "pk", project_type)]
        while todo:
            for child in self.children.get(todo.pop(), ()):
                if child.pk not in found:
                    found.add(child.pk)
                    todo.append(child.pk)
        return found

    def flattened(self):
        """``(type, depth)`` in tree order, depth 0 for roots."""
        rows, seen = [], set()

        def walk(parent_id, depth):
            for node in self.children.get(parent_id, ()):
                if node.pk in seen:
                    continue
                seen.add(node.pk)
                rows.append((node, depth))
                walk(node.pk, depth + 1)

        walk(None, 0)
        return rows

    def choices(self):
        """Choices of a select, indented by depth."""
        return [
            (node.pk, "\xa0\xa0\xa0" * depth + node.name)
            for node, depth in self.flattened()
        ]

    def questions(self, project_type):
        """The questions ``project_type`` asks: its ancestors' first, each
        type's in their order. One query."""
        pk = getattr(project_type, "pk", project_type)
        return self.questions_by_type([project_type]).get(pk, [])

    def questions_by_type(self, project_types):
        """:meth:`questions` of each of ``project_types``, by pk: one query
        however many types."""
        chains = {getattr(t, "pk", t): self.ancestors(t) for t in project_types}
        chains = {pk: chain for pk, chain in chains.items() if chain}
        if not chains:
            return {}
        asking = {node.pk for chain in chains.values() for node in chain}
        own = {}
        for question in ProjectQuestion.objects.filter(project_type__in=asking):
            own.setdefault(question.project_type_id, []).append(question)
        for questions in own.values():
            questions.sort(key=lambda q: (q.position, q.pk))
        return {
            pk: [q for node in chain for q in own.get(node.pk, ())]
            for pk, chain in chains.items()
        }


def questions_for(project_type):
    """The questions asked for ``project_type`` (ancestors' first)."""
    if project_type is None:
        return []
    return TypeTree.load().questions(project_type)
