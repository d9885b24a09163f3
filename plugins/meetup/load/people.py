"""The people registry: one Person per name, from speaker profiles, talks' speakers and organizers."""

from __future__ import annotations

from kernel.slugs import slugify

from ..model import Link, Person, SpeakerRole
from .fields import as_list, as_text
from .source import Source
from .urls import Links


class People(Links):
    """Every person, by slug: the profiles first, then whoever a talk or event names."""

    def person(self, name: str) -> Person:
        slug = slugify(name)
        if slug not in self.people:
            self.people[slug] = Person(slug=slug, name=name)
        return self.people[slug]

    def speaker_roles(self, src: Source, path: tuple, value) -> list[SpeakerRole]:
        roles = []
        for i, item in enumerate(as_list(value)):
            if isinstance(item, dict):
                name, affiliation = as_text(item.get("name")), as_text(item.get("affiliation"))
            else:
                name, affiliation = as_text(item), ""
            if not name or not slugify(name):
                self.problems.add(src, path + (i,), "speaker has no name")
                continue
            person = self.person(name)
            roles.append(SpeakerRole(person, affiliation or person.affiliation))
        return roles

    def load_people(self) -> None:
        claimed: dict[str, Source] = {}
        for src in self.by_kind["speaker"]:
            data = src.doc.data
            name = as_text(data.get("name"))
            if not name or not slugify(name):
                self.problems.add(src, ("name",), "speaker has no name (add `name: Full Name`)")
                continue
            slug = src.slug if as_text(data.get("slug")) else slugify(name)  # a bad `slug:` is reported with the file
            if slug in claimed:
                self.problems.add(
                    src,
                    ("name",),
                    f"speaker page speakers/{slug} is also claimed by {claimed[slug].path}",
                )
                continue
            if slugify(name) in self.people:  # two profiles of one person: one would replace the other
                self.problems.add(src, ("name",), f"speaker {name!r} also has a profile in "
                                                  f"{self.people[slugify(name)].source}")
                continue
            claimed[slug] = src
            links = []
            for i, link in enumerate(as_list(data.get("links"))):
                if isinstance(link, dict) and as_text(link.get("url")):
                    url = self.web_url(src, ("links", i, "url"), link["url"])
                    if url:
                        links.append(Link(as_text(link.get("title")) or url, url))
                elif isinstance(link, str) and link.strip():
                    url = self.web_url(src, ("links", i), link)
                    if url:
                        links.append(Link(url, url))
                else:
                    self.problems.add(src, ("links", i), "a link needs a URL")
            self.people[slugify(name)] = Person(
                slug=slug,
                name=name,
                affiliation=as_text(data.get("affiliation")),
                bio_html=src.body_html,
                links=links,
                photo=self.local_or_web(src, ("photo",), data.get("photo")),
                source=src.path,
            )
