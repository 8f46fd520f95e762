"""The showcase's demo: published brands with images, featured on the home page; a draft kept
from the public."""

import tempfile

from django.test import override_settings

from demo.showcase import load_showcase
from showcase.models import ShowcaseImage, ShowcaseItem
from testing.personas import PersonaTestCase


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="jining-showcase-demo-"))
class ShowcaseDemoTests(PersonaTestCase):
    def test_it_loads_published_brands_with_images_once(self):
        with self.captureOnCommitCallbacks(execute=True):
            load_showcase()
        load_showcase()  # a second load changes nothing
        self.assertEqual(ShowcaseItem.objects.count(), 4)
        self.assertEqual(ShowcaseImage.objects.count(), 4)
        page = self.client.get("/showcase/?kind=curated")
        self.assertContains(page, "“微山湖”水产品区域公用品牌")
        self.assertNotContains(page, "金乡大蒜")  # the draft
        home = self.client.get("/")
        self.assertContains(home, 'alt="“微山湖”品牌标识：蓝色湖面上的白色帆船图案"')
        image = ShowcaseImage.objects.order_by("id").first()
        self.assertEqual(self.client.get(image.get_absolute_url())["Content-Type"], "image/png")
