"""Omnizon's catalog (about 120 products in 10 departments) and the store's search over it.

Ids are strings: REAL's v2 scripts compare them as strings (omnizon-25 even without `str()`), and a few
scripts accept only specific ids, so these are fixed:

    "16"  PlayStation DualSense controller (PS5, under $100)      omnizon-24, omnizon-9
    "192" Xbox controller, "193" Switch Pro controller (< $100)   omnizon-9 ("gaming devices")
    "91"  the apron                                               omnizon-25
    "212" stock pot, "215" Dutch oven (the only cooking pots)     omnizon-13 (both), omnizon-25 (212)
    "114" the only pack of sports balls                          omnizon-15
    "159" the only 40-inch desk                                  omnizon-29
    "167", "170" the only neck pillows                           omnizon-17

Traps by design: headphones on both sides of the $24-$100 window (omnizon-3), bed frames in four sizes
(omnizon-30), single balls beside the ball pack, desks of other widths, gaming gear over $100 only, one
"Silverware Set" and nothing else called cutlery/flatware/silverware (omnizon-28).

    from halo_lib.sites.omnizon.seed import PRODUCTS, product_by_id, search_products
    search_products("queen bed frame")   # -> (products, exact) ranked by relevance
"""
from __future__ import annotations

import re

CATEGORIES: list[tuple[str, str]] = [
    ("electronics", "Electronics"),
    ("computers", "Computers"),
    ("gaming", "Video Games"),
    ("kitchen", "Home & Kitchen"),
    ("furniture", "Furniture"),
    ("sports", "Sports & Outdoors"),
    ("travel", "Travel"),
    ("beauty", "Beauty"),
    ("toys", "Toys & Games"),
    ("fashion", "Fashion"),
]
CATEGORY_NAMES = dict(CATEGORIES)

# (id, category, brand, title, price, list price or None, rating, reviews, search tags, about)
_ROWS: list[tuple] = [
    # --- Electronics ---------------------------------------------------------------------------------
    ("1", "electronics", "Apple", "Apple AirPods Pro (2nd Generation) Wireless Earbuds with USB-C Charging Case", 189.99, 249.00, 4.7, 61234, "earbuds bluetooth wireless audio", "Active noise cancellation and Transparency mode. | Up to 6 hours of listening time with ANC on."),
    ("2", "electronics", "Sony", "Sony WH-1000XM5 Wireless Noise Canceling Headphones, Black", 398.00, None, 4.5, 18230, "headphones over-ear bluetooth audio", "Industry-leading noise canceling with two processors. | Up to 30-hour battery life with quick charging."),
    ("3", "electronics", "Bose", "Bose QuietComfort Wireless Noise Cancelling Headphones, Bluetooth Over-Ear", 349.00, 379.00, 4.6, 9520, "headphones over-ear bluetooth audio", "Legendary noise cancellation and high-fidelity audio. | Up to 24 hours of battery life."),
    ("4", "electronics", "JBL", "JBL Tune 510BT Wireless On-Ear Headphones with Purebass Sound, Blue", 29.95, 49.95, 4.5, 74210, "headphones on-ear bluetooth audio", "JBL Pure Bass sound. | Up to 40 hours of battery life and speed charge."),
    ("5", "electronics", "Soundcore", "Soundcore by Anker Q20i Hybrid Active Noise Cancelling Headphones, Wireless Over-Ear", 49.99, 59.99, 4.4, 32105, "headphones over-ear bluetooth audio", "Hybrid active noise cancelling. | 40-hour playtime in ANC mode."),
    ("6", "electronics", "Sennheiser", "Sennheiser HD 280 PRO Closed-Back Studio Monitor Headphones", 99.95, None, 4.5, 12480, "headphones wired studio audio", "Closed-back, circumaural design for high ambient noise attenuation. | Collapsible and rotating ear cups."),
    ("7", "electronics", "Beats", "Beats Studio Pro Wireless Bluetooth Noise Cancelling Headphones, Sandstone", 249.99, 349.99, 4.4, 8720, "headphones over-ear bluetooth audio", "Personalized spatial audio with dynamic head tracking. | Up to 40 hours of battery life."),
    ("8", "electronics", "LilGadgets", "LilGadgets Kids Wired Headphones with 85dB Volume Limit, Foldable On-Ear", 14.99, None, 4.3, 6410, "headphones kids wired audio", "Volume limited to protect young ears. | Soft, adjustable headband for ages 3 and up."),
    ("9", "electronics", "Panasonic", "Panasonic ErgoFit Wired Earbuds, In-Ear Headphones with Mic, Black", 9.99, None, 4.4, 88120, "earbuds wired audio", "Comfortable ergonomic fit. | Inline mic and controller."),
    ("10", "electronics", "OneOdio", "OneOdio Wired Over-Ear DJ Headphones with Shareport, Black", 22.99, 29.99, 4.4, 21870, "headphones wired dj audio", "50mm neodymium drivers for powerful bass. | Share music with a second pair through the shareport."),
    ("11", "electronics", "Echo", "Echo Dot (5th Gen) Smart Speaker with Clock, Cloud Blue", 59.99, None, 4.7, 40213, "smart speaker voice assistant audio", "Improved audio with clearer vocals. | LED display shows time, weather and timers."),
    ("12", "electronics", "Anker", "Anker Nano USB-C Charger 30W, Foldable Fast Wall Charger", 19.99, 25.99, 4.7, 15402, "charger usb-c power adapter", "Compact 30W charger that fits in any pocket. | Foldable plug for travel."),
    ("13", "electronics", "SAMSUNG", "SAMSUNG 55-Inch Class Crystal UHD 4K Smart TV", 399.99, 479.99, 4.5, 11230, "tv television 4k smart", "Crystal Processor 4K for vivid color. | Smart TV with built-in streaming apps."),
    ("14", "electronics", "Kindle", "Kindle Paperwhite (16 GB), 6.8-Inch Display with Adjustable Warm Light", 149.99, 159.99, 4.7, 52017, "ereader kindle books", "Glare-free display that reads like paper. | Weeks of battery life on a single charge."),
    ("15", "electronics", "Marshall", "Marshall Emberton II Portable Bluetooth Speaker, Black and Brass", 169.99, None, 4.7, 4392, "speaker bluetooth portable audio", "360-degree True Stereophonic sound. | 30+ hours of portable playtime."),
    ("21", "electronics", "Apple", "Apple iPhone 15 (128 GB), Black, Unlocked", 729.00, 799.00, 4.6, 3812, "smartphone phone cell mobile", "Dynamic Island and a 48MP main camera. | USB-C connector."),
    ("22", "electronics", "SAMSUNG", "SAMSUNG Galaxy S24 Ultra, 256GB, Titanium Black, Unlocked Android Smartphone", 1299.99, 1419.99, 4.5, 2691, "smartphone phone cell mobile android", "Built-in S Pen and 200MP camera. | Titanium frame."),
    ("23", "electronics", "Google", "Google Pixel 8a, 128GB, Obsidian, Unlocked Android Phone", 499.00, None, 4.4, 1874, "smartphone phone cell mobile android", "Google AI features and an all-day battery. | Actua display."),
    ("24", "electronics", "Anker", "Anker PowerCore 10000 Portable Charger, Ultra-Compact Power Bank", 21.99, None, 4.6, 98321, "power bank battery charger portable", "One of the smallest 10000mAh portable chargers. | High-speed charging technology."),
    ("25", "electronics", "Fitbit", "Fitbit Charge 6 Fitness Tracker with Heart Rate and GPS, Obsidian", 159.95, None, 4.2, 7312, "fitness tracker wearable watch", "Built-in GPS and heart-rate tracking. | Up to 7 days of battery life."),
    ("26", "electronics", "Roku", "Roku Streaming Stick 4K, Portable Streaming Device with Voice Remote", 49.99, None, 4.6, 33410, "streaming tv device", "Brilliant 4K picture with Dolby Vision. | Long-range Wi-Fi."),
    # --- Computers -----------------------------------------------------------------------------------
    ("31", "computers", "Apple", "Apple MacBook Air 13-Inch Laptop, M2 Chip, 8GB RAM, 256GB SSD, Midnight", 999.00, 1099.00, 4.8, 9411, "laptop notebook computer", "Supercharged by the M2 chip. | Up to 18 hours of battery life."),
    ("32", "computers", "Dell", "Dell Inspiron 15 Laptop, 15.6-Inch FHD, Intel Core i5, 16GB RAM, 512GB SSD", 579.99, 699.99, 4.3, 2104, "laptop notebook computer", "15.6-inch Full HD anti-glare display. | Fast SSD storage."),
    ("33", "computers", "VILVA", "VILVA Portable Monitor for Laptop, 15.6-Inch FHD USB-C Display", 109.99, None, 4.3, 3120, "monitor portable display laptop", "Slim 15.6-inch portable screen. | Single-cable USB-C connection."),
    ("34", "computers", "Logitech", "Logitech MX Master 3S Wireless Performance Mouse, Graphite", 99.99, None, 4.7, 17840, "mouse wireless computer", "8K DPI tracking on any surface. | Quiet clicks."),
    ("35", "computers", "Logitech", "Logitech MK270 Wireless Keyboard and Mouse Combo", 27.99, 29.99, 4.6, 81402, "keyboard mouse wireless combo computer", "Reliable 2.4 GHz wireless connection. | Long battery life."),
    ("36", "computers", "SanDisk", "SanDisk 1TB Extreme Portable SSD, Up to 1050MB/s", 89.99, 129.99, 4.7, 58213, "ssd storage drive portable", "Fast NVMe solid state performance. | Drop protection and water resistance."),
    ("37", "computers", "Logitech", "Logitech C920x HD Pro Webcam, Full HD 1080p", 59.99, 69.99, 4.6, 43718, "webcam camera video", "Full HD 1080p video calling. | Dual stereo mics."),
    ("38", "computers", "LG", "LG 27-Inch UltraGear QHD IPS Gaming Monitor, 165Hz", 279.99, 349.99, 4.6, 6530, "monitor display gaming", "QHD IPS display with 1ms response. | NVIDIA G-SYNC compatible."),
    ("39", "computers", "HP", "HP DeskJet 4155e Wireless All-in-One Color Inkjet Printer", 79.99, None, 4.1, 12871, "printer scanner inkjet", "Print, scan and copy. | Easy setup with the HP Smart app."),
    ("40", "computers", "TP-Link", "TP-Link AX1800 WiFi 6 Router, Dual Band Gigabit Wireless", 69.99, 79.99, 4.5, 28104, "router wifi network", "Next-gen WiFi 6 speeds. | Covers up to 1500 sq ft."),
    ("41", "computers", "Omnizon Basics", "Omnizon Basics Laptop Sleeve Case, 15.6-Inch, Gray", 15.99, None, 4.5, 24019, "laptop sleeve case bag", "Slim, padded protection. | Zippered front pocket."),
    ("42", "computers", "Anker", "Anker USB-C Hub 7-in-1 Multiport Adapter with 4K HDMI", 29.99, 35.99, 4.4, 41230, "usb hub adapter laptop", "4K HDMI, USB-A, SD and microSD. | 100W pass-through charging."),
    ("43", "computers", "Seagate", "Seagate Portable 2TB External Hard Drive, USB 3.0", 69.99, None, 4.6, 121004, "hard drive storage external", "Simple drag-and-drop backup. | Plug and play with USB 3.0."),
    # --- Video Games -----------------------------------------------------------------------------------
    ("16", "gaming", "Sony", "PlayStation DualSense Wireless Controller for PS5, Midnight Black", 69.99, 74.99, 4.7, 38210, "ps5 playstation controller gamepad gaming controller", "Haptic feedback and adaptive triggers. | Built-in microphone and headset jack."),
    ("192", "gaming", "Microsoft", "Xbox Wireless Controller, Carbon Black", 59.99, 64.99, 4.7, 52140, "xbox controller gamepad gaming controller", "Textured grip and hybrid D-pad. | Works with Xbox Series X|S, Xbox One and Windows."),
    ("193", "gaming", "Nintendo", "Nintendo Switch Pro Controller", 69.99, None, 4.8, 61023, "nintendo switch controller gamepad gaming controller", "HD rumble and built-in amiibo functionality. | Up to 40 hours of battery life."),
    ("50", "gaming", "Sony", "PlayStation 5 Console, Slim Disc Edition", 499.99, None, 4.8, 14302, "ps5 playstation console gaming", "Lightning-fast loading with an ultra-high speed SSD. | 1TB of storage."),
    ("52", "gaming", "Microsoft", "Xbox Series X 1TB Console", 499.99, None, 4.8, 27301, "xbox console gaming", "True 4K gaming at up to 120 frames per second. | 1TB custom SSD."),
    ("53", "gaming", "Nintendo", "Nintendo Switch OLED Model with White Joy-Con", 349.99, None, 4.8, 45870, "nintendo switch console gaming handheld", "7-inch OLED screen. | 64 GB internal storage."),
    ("54", "gaming", "Meta", "Meta Quest 3 128GB Mixed Reality Headset", 499.99, None, 4.5, 6213, "vr virtual reality headset gaming", "Mixed reality that blends the virtual and physical. | Touch Plus controllers included."),
    ("55", "gaming", "SteelSeries", "SteelSeries Arctis Nova 7 Wireless Gaming Headset", 179.99, None, 4.4, 5311, "headset gaming wireless", "Simultaneous 2.4GHz and Bluetooth audio. | 38-hour battery."),
    ("56", "gaming", "Razer", "Razer BlackWidow V4 Mechanical Gaming Keyboard, RGB", 169.99, None, 4.5, 4102, "keyboard mechanical gaming rgb", "Razer mechanical switches. | Magnetic wrist rest."),
    ("57", "gaming", "Logitech", "Logitech G502 X PLUS Wireless Gaming Mouse, RGB", 139.99, 159.99, 4.6, 7720, "mouse gaming wireless rgb", "LIGHTFORCE hybrid switches. | HERO 25K sensor."),
    ("58", "gaming", "GTPLAYER", "GTPLAYER Gaming Chair with Footrest, Ergonomic Reclining", 189.99, 229.99, 4.3, 9301, "chair gaming ergonomic", "Reclines up to 135 degrees. | Retractable footrest and lumbar cushion."),
    # --- Home & Kitchen ----------------------------------------------------------------------------------
    ("91", "kitchen", "Hudson Durable Goods", "Hudson Durable Goods Cotton Canvas Kitchen Apron with 2 Pockets, Adjustable, Black", 19.99, None, 4.6, 13420, "apron kitchen cooking bbq", "Heavy-duty cotton canvas. | Adjustable neck strap and long waist ties."),
    ("212", "kitchen", "Cuisinart", "Cuisinart Chef's Classic 8-Quart Stainless Steel Stock Pot with Lid", 44.95, 59.99, 4.7, 8602, "pot stockpot cooking pot soup pasta cookware", "Aluminum-encapsulated base heats quickly and evenly. | Tight-fitting stainless steel lid."),
    ("215", "kitchen", "Lodge", "Lodge 6 Quart Enameled Cast Iron Dutch Oven with Lid, Island Spice Red", 79.90, 99.90, 4.7, 31208, "dutch oven pot cooking pot cookware braiser", "Superior heat distribution and retention. | Porcelain enamel interior resists staining."),
    ("201", "kitchen", "T-fal", "T-fal Ultimate Hard Anodized Nonstick Fry Pan, 12 Inch, Black", 39.99, 49.99, 4.6, 25117, "frying pan skillet nonstick cookware", "Thermo-Spot heat indicator. | Oven safe up to 400 degrees."),
    ("202", "kitchen", "Lodge", "Lodge 10.25 Inch Cast Iron Skillet, Pre-Seasoned", 19.90, 29.90, 4.7, 172301, "skillet frying pan cast iron cookware", "Pre-seasoned with vegetable oil. | Use on the stove, in the oven or over a campfire."),
    ("203", "kitchen", "Chefman", "Chefman Electric Kettle, 1.8 Liter Stainless Steel with Auto Shutoff", 29.99, None, 4.6, 40210, "kettle electric water boiler", "Boils up to 1.8 liters fast. | Auto shutoff and boil-dry protection."),
    ("204", "kitchen", "Ninja", "Ninja 4-Quart Air Fryer that Crisps, Roasts and Reheats", 89.99, 129.99, 4.8, 61480, "air fryer appliance", "Up to 75 percent less fat than traditional frying. | Nonstick, dishwasher-safe basket."),
    ("205", "kitchen", "Keurig", "Keurig K-Classic Single Serve K-Cup Coffee Maker, Black", 109.99, 149.99, 4.6, 123004, "coffee maker brewer appliance", "Brews 6, 8 or 10 ounce cups. | Large 48 oz water reservoir."),
    ("51", "kitchen", "De'Longhi", "De'Longhi Magnifica Automatic Espresso Machine with Milk Frother", 449.99, 549.99, 4.4, 8710, "espresso machine coffee appliance", "Built-in conical burr grinder. | Manual frother for lattes and cappuccinos."),
    ("206", "kitchen", "Hamilton Beach", "Hamilton Beach 2-Slice Toaster with Extra-Wide Slots", 24.99, None, 4.5, 35091, "toaster appliance", "Extra-wide slots for bagels. | Auto shutoff."),
    ("207", "kitchen", "Ninja", "Ninja Professional Blender 1000W, 72 oz Pitcher", 89.99, 99.99, 4.7, 54310, "blender smoothie appliance", "1000 watts of professional power. | Crushes ice to snow in seconds."),
    ("208", "kitchen", "OXO", "OXO Good Grips 3-Piece Cutting Board Set, Non-Slip", 29.99, None, 4.6, 12740, "cutting board chopping", "Non-slip feet keep boards in place. | Juice grooves catch liquids."),
    ("209", "kitchen", "Henckels", "Henckels 15-Piece Knife Block Set, German Stainless Steel", 149.99, 199.99, 4.7, 22301, "knife knives block kitchen", "Razor-sharp, precision-stamped blades. | Hardwood block included."),
    ("210", "kitchen", "Spring Chef", "Spring Chef Stainless Steel Measuring Spoons, Set of 6", 12.99, None, 4.7, 30188, "measuring spoons baking", "Fits in narrow spice jars. | Engraved measurements will not rub off."),
    ("211", "kitchen", "Lianyu", "Lianyu 20-Piece Silverware Set for 4, Stainless Steel Forks Spoons Knives, Mirror Polished", 24.99, 32.99, 4.7, 19872, "silverware flatware cutlery forks spoons knives tableware dining", "Service for 4: dinner forks, salad forks, dinner knives, dinner spoons and teaspoons. | Mirror polished and dishwasher safe."),
    ("213", "kitchen", "Pyrex", "Pyrex 3-Piece Glass Mixing Bowl Set", 21.99, None, 4.8, 40122, "mixing bowl glass baking", "Nesting bowls save space. | Microwave, oven and dishwasher safe."),
    ("214", "kitchen", "OXO", "OXO Good Grips Silicone Spatula Set of 3", 16.99, None, 4.7, 9120, "spatula silicone baking utensil", "Heat resistant up to 600 degrees. | Flexible edges scrape bowls clean."),
    ("216", "kitchen", "Rubbermaid", "Rubbermaid Brilliance Food Storage Containers, 10 Containers with Lids", 39.99, 49.99, 4.8, 60817, "food storage containers", "Airtight, leak-proof seal. | Crystal-clear, stain-resistant."),
    ("217", "kitchen", "Nordic Ware", "Nordic Ware Naturals Half Sheet Baking Pan, 2-Pack", 24.99, None, 4.8, 71203, "baking sheet bakeware", "Pure aluminum bakes evenly. | Reinforced rims prevent warping."),
    ("218", "kitchen", "Shark", "Shark Navigator Lift-Away Upright Vacuum", 199.99, 229.99, 4.6, 98301, "vacuum cleaner home", "Lift-Away pod for portable cleaning. | Anti-Allergen Complete Seal."),
    ("219", "kitchen", "Utopia Towels", "Utopia Towels 6-Piece Cotton Towel Set, Grey", 27.99, None, 4.5, 150210, "towels bath cotton home", "2 bath towels, 2 hand towels and 2 washcloths. | Highly absorbent ring-spun cotton."),
    ("220", "kitchen", "Bedsure", "Bedsure Fleece Throw Blanket, 50x60, Grey", 19.99, None, 4.7, 310045, "blanket throw fleece home", "Soft, lightweight flannel fleece. | Machine washable."),
    ("221", "kitchen", "Beckham Hotel Collection", "Beckham Hotel Collection Bed Pillows, Queen Size, Set of 2", 39.99, 59.99, 4.4, 220731, "bed pillows sleeping bedding", "Gel fiber fill for plush support. | Cooling, breathable cover."),
    ("222", "kitchen", "Mellanni", "Mellanni Queen Sheet Set, 4-Piece Brushed Microfiber, White", 32.97, None, 4.5, 301244, "bed sheets bedding queen", "Deep pockets fit mattresses up to 16 inches. | Wrinkle and fade resistant."),
    # --- Furniture -----------------------------------------------------------------------------------------
    ("159", "furniture", "Coleshome", "Coleshome 40 Inch Computer Desk, Modern Simple Style Home Office Writing Desk, Walnut", 69.99, 89.99, 4.5, 11302, "desk computer desk office writing table", "40 x 19.6 inch desktop fits a laptop, monitor and lamp. | Sturdy metal frame assembles in minutes."),
    ("151", "furniture", "SHW", "SHW 32 Inch Home Office Writing Desk, Espresso", 59.99, None, 4.4, 5120, "desk writing table small office", "Compact 32 x 20 inch top for small spaces. | Easy assembly."),
    ("152", "furniture", "Coleshome", "Coleshome 47 Inch Computer Desk with Storage Shelf, Rustic Brown", 89.99, 109.99, 4.5, 8901, "desk computer desk office writing table", "47-inch workspace with a side shelf. | Adjustable leveling feet."),
    ("153", "furniture", "FlexiSpot", "FlexiSpot Electric Standing Desk, 48 x 24 Inches, Height Adjustable", 179.99, 229.99, 4.6, 17210, "desk standing desk sit stand office", "Quiet dual motors. | Four height presets."),
    ("154", "furniture", "Bestier", "Bestier 55 Inch L-Shaped Corner Computer Desk with LED Lights", 139.99, None, 4.4, 6302, "desk corner desk l-shaped gaming office", "Spacious L-shaped surface. | Built-in LED strip and monitor shelf."),
    ("155", "furniture", "SIHOO", "SIHOO M18 Ergonomic Office Chair with Lumbar Support, Mesh, Black", 149.99, 179.99, 4.4, 15210, "office chair desk chair ergonomic mesh", "Adaptive lumbar support. | Breathable mesh back."),
    ("156", "furniture", "Omnizon Basics", "Omnizon Basics Mid-Back Office Desk Chair, Swivel, Black", 79.99, None, 4.4, 41203, "office chair desk chair swivel", "Padded seat and back. | 360-degree swivel and smooth-rolling casters."),
    ("157", "furniture", "HON", "HON Executive High-Back Leather Office Chair, Black", 229.99, 279.99, 4.3, 3120, "office chair executive leather", "Padded loop arms. | Synchro-tilt recline."),
    ("160", "furniture", "ZINUS", "ZINUS Mia Queen Size Metal Platform Bed Frame with Wood Slat Support", 189.99, 229.99, 4.5, 24310, "bed frame platform bed queen", "Fits a standard queen mattress, no box spring needed. | Under-bed storage space."),
    ("161", "furniture", "Allewie", "Allewie Full Size Upholstered Platform Bed Frame with Headboard, Dark Grey", 229.99, None, 4.4, 9320, "bed frame platform bed full upholstered", "Linen upholstered headboard. | Solid wood slats."),
    ("162", "furniture", "Olee Sleep", "Olee Sleep Twin Size 14 Inch Heavy Duty Metal Bed Frame", 99.99, 119.99, 4.5, 18240, "bed frame twin metal", "Heavy-duty steel construction. | 13 inches of under-bed clearance."),
    ("163", "furniture", "Novilla", "Novilla King Size Solid Wood Platform Bed Frame", 349.99, 399.99, 4.3, 2141, "bed frame platform bed king wood", "Solid pine wood frame. | Quiet, squeak-free design."),
    ("164", "furniture", "Sauder", "Sauder 5-Shelf Bookcase, Cinnamon Cherry", 89.99, None, 4.3, 12370, "bookcase bookshelf shelves storage", "Five shelves, three adjustable. | Holds books, decor and more."),
    ("165", "furniture", "VASAGLE", "VASAGLE Industrial TV Stand for TVs up to 65 Inches", 109.99, 129.99, 4.5, 7801, "tv stand entertainment center console table", "Three tiers of open storage. | Steel frame and rustic brown finish."),
    ("166", "furniture", "TaoTronics", "TaoTronics LED Desk Lamp with USB Charging Port, Dimmable", 29.99, 39.99, 4.5, 21040, "lamp desk lamp light office", "Five color modes and seven brightness levels. | USB port charges your phone."),
    # --- Sports & Outdoors ------------------------------------------------------------------------------------
    ("114", "sports", "Franklin Sports", "Franklin Sports Ball Pack, Basketball, Football, Soccer Ball and Volleyball with Pump (4-Pack)", 49.99, 64.99, 4.6, 13210, "sports balls pack basketball football soccer volleyball kids", "Four official-size balls for every season. | Includes a hand pump with needles."),
    ("110", "sports", "Spalding", "Spalding Street Outdoor Basketball, Size 7, 29.5 Inch", 24.99, None, 4.7, 40210, "basketball ball sports", "Durable outdoor rubber cover. | Deep channel design for grip."),
    ("111", "sports", "Wilson", "Wilson NFL Super Grip Official Size Football", 21.99, None, 4.7, 18302, "football ball sports", "Composite leather cover. | Super Grip for control."),
    ("112", "sports", "adidas", "adidas Tiro Club Soccer Ball, Size 5, White/Black", 19.99, None, 4.6, 9210, "soccer ball sports", "Machine-stitched for durability. | Butyl bladder for air retention."),
    ("115", "sports", "Gaiam", "Gaiam Essentials Thick Yoga Mat with Carrying Strap, 10mm", 24.98, 30.98, 4.6, 61302, "yoga mat exercise fitness", "Extra-thick cushioning. | Non-slip textured surface."),
    ("116", "sports", "BalanceFrom", "BalanceFrom Adjustable Dumbbells, 25 lb Pair", 119.99, None, 4.5, 8102, "dumbbells weights fitness", "Adjust from 5 to 25 lb in seconds. | Compact storage tray."),
    ("117", "sports", "Hydro Flask", "Hydro Flask 32 oz Wide Mouth Water Bottle with Flex Cap", 44.95, None, 4.8, 50120, "water bottle insulated", "Keeps drinks cold up to 24 hours. | BPA-free and dishwasher safe."),
    ("118", "sports", "Coleman", "Coleman Sundome 4-Person Camping Tent with Rainfly", 99.99, 129.99, 4.6, 48201, "tent camping outdoor", "Sets up in 10 minutes. | WeatherTec system keeps you dry."),
    ("119", "sports", "Fit Simplify", "Fit Simplify Resistance Loop Exercise Bands, Set of 5", 12.95, None, 4.5, 130240, "resistance bands exercise fitness", "Five resistance levels. | Carry bag and instruction guide."),
    ("120", "sports", "Franklin Sports", "Franklin Sports Ball Pump with 5 Inflation Needles", 8.99, None, 4.5, 7120, "pump needles inflation accessory", "Dual-action pump inflates on push and pull. | Needles store in the handle."),
    ("121", "sports", "Schwinn", "Schwinn Thrasher Adult Bike Helmet, Matte Black", 29.99, None, 4.6, 15230, "helmet bike cycling", "Dial-fit adjustment. | 21 vents keep you cool."),
    ("122", "sports", "Speedo", "Speedo Vanquisher 2.0 Swim Goggles, Mirrored", 19.99, None, 4.6, 21340, "goggles swim swimming", "Anti-fog, UV-protected lenses. | Five interchangeable nose pieces."),
    # --- Luggage & Travel -----------------------------------------------------------------------------------
    ("167", "travel", "Cabeau", "Cabeau Evolution S3 Memory Foam Travel Neck Pillow, Jet Black", 39.99, None, 4.4, 42190, "neck pillow travel pillow memory foam", "Raised sides and a flat back keep your head from bobbing. | Stows into a compact travel bag."),
    ("170", "travel", "ZAMAT", "ZAMAT Contour Memory Foam Cervical Neck Pillow for Neck Pain Relief", 36.99, 45.99, 4.3, 27310, "neck pillow cervical orthopedic memory foam sleeping", "Ergonomic contour supports the neck in every sleep position. | Adjustable height with a removable insert."),
    ("168", "travel", "Samsonite", "Samsonite Freeform Hardside Carry-On Spinner, 21-Inch, Black", 179.99, 239.99, 4.7, 21040, "luggage suitcase carry-on spinner", "Lightweight, durable polypropylene shell. | Expandable for extra packing space."),
    ("169", "travel", "Forge", "Forge TSA Approved Luggage Locks, 2-Pack", 12.99, None, 4.6, 30812, "luggage locks tsa", "Open alloy body for easy inspection. | Set-your-own combination."),
    ("171", "travel", "BAGSMART", "BAGSMART Packing Cubes for Travel, 6-Set", 25.99, None, 4.6, 18740, "packing cubes organizer luggage", "Six sizes for clothes, shoes and toiletries. | Mesh tops for breathability."),
    ("172", "travel", "MZOO", "MZOO Sleep Eye Mask, Contoured 3D Blackout", 12.99, None, 4.5, 64012, "eye mask sleep travel", "Zero eye pressure contoured cups. | Blocks 100 percent of light."),
    ("173", "travel", "BAGSMART", "BAGSMART Hanging Toiletry Bag, Water-Resistant", 22.99, None, 4.6, 33104, "toiletry bag travel organizer", "Hanging hook for small bathrooms. | Leak-proof compartments."),
    ("174", "travel", "Osprey", "Osprey Daylite Daypack, 13L, Black", 65.00, None, 4.8, 4210, "backpack daypack bag", "Padded laptop sleeve. | Breathable mesh back panel."),
    ("175", "travel", "EPICKA", "EPICKA Universal Travel Adapter with 4 USB Ports", 24.99, 29.99, 4.6, 51230, "travel adapter plug power", "Works in 150+ countries. | Built-in 8A safety fuse."),
    # --- Beauty & Personal Care -------------------------------------------------------------------------------
    ("130", "beauty", "CeraVe", "CeraVe Moisturizing Cream for Normal to Dry Skin, 19 oz", 17.78, None, 4.8, 120340, "moisturizer cream skin care", "Three essential ceramides. | Fragrance free."),
    ("131", "beauty", "Neutrogena", "Neutrogena Hydro Boost Water Gel Face Moisturizer, 1.7 oz", 19.97, None, 4.6, 45102, "moisturizer face skin care", "Hyaluronic acid hydrates skin. | Oil-free and non-comedogenic."),
    ("132", "beauty", "Philips Norelco", "Philips Norelco OneBlade Hybrid Electric Trimmer and Shaver", 34.96, 49.99, 4.4, 98301, "shaver trimmer razor grooming", "Trims, edges and shaves. | Works wet or dry."),
    ("133", "beauty", "Oral-B", "Oral-B Pro 1000 Rechargeable Electric Toothbrush, White", 49.94, 59.99, 4.6, 88031, "toothbrush electric oral care", "Removes 300 percent more plaque. | Pressure sensor protects gums."),
    ("134", "beauty", "Revlon", "Revlon One-Step Hair Dryer and Volumizer Hot Air Brush", 39.99, 59.99, 4.5, 401234, "hair dryer brush styling", "Dries and styles in one step. | Oval brush design for volume."),
    ("135", "beauty", "Dove", "Dove Deep Moisture Body Wash, 20 oz, Pack of 2", 15.98, None, 4.8, 70231, "body wash shower soap", "Nutrium Moisture technology. | Sulfate free."),
    ("136", "beauty", "Olaplex", "Olaplex No. 3 Hair Perfector Repairing Treatment, 3.3 oz", 30.00, None, 4.4, 130221, "hair treatment repair", "Strengthens damaged hair. | For all hair types."),
    ("137", "beauty", "La Roche-Posay", "La Roche-Posay Anthelios Melt-In Milk Sunscreen SPF 60, 5 oz", 37.99, None, 4.7, 20341, "sunscreen spf skin care", "Broad spectrum UVA/UVB protection. | Water resistant for 80 minutes."),
    # --- Toys & Games ---------------------------------------------------------------------------------------
    ("70", "toys", "LEGO", "LEGO Classic Medium Creative Brick Box 10696", 34.99, None, 4.8, 61202, "lego building blocks bricks kids", "484 pieces in 35 colors. | Ideas booklet included."),
    ("71", "toys", "Hasbro", "Monopoly Classic Board Game for Families", 19.99, 24.99, 4.7, 45102, "board game family monopoly", "The classic fast-dealing property trading game. | For 2 to 6 players."),
    ("72", "toys", "Mattel Games", "UNO Card Game for Kids and Adults", 9.99, None, 4.8, 130201, "card game family uno", "Match colors and numbers. | For 2 to 10 players."),
    ("73", "toys", "Hot Wheels", "Hot Wheels Set of 20 Toy Cars, 1:64 Scale", 23.99, None, 4.8, 40120, "toy cars die-cast kids", "Twenty die-cast vehicles. | Styles may vary."),
    ("74", "toys", "CATAN Studio", "CATAN Board Game, Base Game for Ages 10+", 43.99, 55.00, 4.8, 30214, "board game strategy catan", "Trade, build and settle. | For 3 to 4 players."),
    ("75", "toys", "Melissa & Doug", "Melissa & Doug Wooden Vehicles Peg Puzzle", 11.99, None, 4.8, 21340, "puzzle wooden toddler kids", "Eight chunky wooden pieces. | Full-color pictures under each piece."),
    ("76", "toys", "NERF", "NERF Elite 2.0 Commander Blaster with 12 Darts", 17.99, None, 4.6, 12980, "nerf blaster darts kids", "Fires darts up to 90 feet. | Tactical rails for customizing."),
    ("77", "toys", "Crayola", "Crayola Inspiration Art Case, 140 Pieces", 24.99, 29.99, 4.8, 80213, "art supplies crayons markers kids", "Crayons, colored pencils and markers. | Portable carrying case."),
    # --- Clothing, Shoes & Watches -------------------------------------------------------------------------------
    ("61", "fashion", "Michael Kors", "Michael Kors Oversized Slim Runway Men's Watch, Gold-Tone", 199.00, 275.00, 4.6, 9102, "watch men's gold", "Stainless steel bracelet. | Water resistant to 100 meters."),
    ("62", "fashion", "Levi's", "Levi's Men's 505 Regular Fit Jeans, Dark Stonewash", 44.99, 69.50, 4.5, 82301, "jeans men's denim pants", "Regular fit through the seat and thigh. | Straight leg."),
    ("63", "fashion", "Hanes", "Hanes Men's Crew T-Shirts, Pack of 6, White", 21.99, None, 4.5, 140231, "t-shirts men's crew undershirt", "Tagless comfort. | Soft, breathable cotton."),
    ("64", "fashion", "Carhartt", "Carhartt Knit Cuffed Beanie, Black", 19.99, None, 4.8, 110234, "beanie hat winter", "Rib-knit acrylic. | One size fits most."),
    ("65", "fashion", "adidas", "adidas Women's Cloudfoam Pure Running Shoes, White", 64.99, 75.00, 4.5, 30214, "shoes running women's sneakers", "Cloudfoam cushioning. | Breathable knit upper."),
    ("66", "fashion", "Crocs", "Crocs Unisex Classic Clogs, Black", 49.99, None, 4.8, 540120, "clogs shoes sandals", "Lightweight Croslite foam. | Ventilation ports."),
    ("67", "fashion", "Ray-Ban", "Ray-Ban RB3025 Classic Aviator Sunglasses, Gold/Green", 163.00, 181.00, 4.7, 20312, "sunglasses aviator eyewear", "Crystal green G-15 lenses. | 100 percent UV protection."),
    ("68", "fashion", "Columbia", "Columbia Women's Switchback III Rain Jacket", 49.99, 70.00, 4.6, 21302, "rain jacket women's waterproof", "Omni-Tech waterproof fabric. | Packable into its own pocket."),
    ("69", "fashion", "Fossil", "Fossil Men's Derrick Leather Bifold Wallet, Brown", 29.99, 45.00, 4.6, 12034, "wallet leather men's", "Genuine leather. | Eight card slots."),
]

PRODUCTS: list[dict] = [
    {
        "id": pid, "category": cat, "brand": brand, "title": title, "price": price, "list_price": list_price,
        "rating": rating, "reviews": reviews, "tags": tags, "about": [line.strip() for line in about.split("|")],
    }
    for pid, cat, brand, title, price, list_price, rating, reviews, tags, about in _ROWS
]
_BY_ID = {product["id"]: product for product in PRODUCTS}
assert len(_BY_ID) == len(PRODUCTS), "duplicate product id"


def product_by_id(product_id: str) -> dict | None:
    return _BY_ID.get(str(product_id))


def in_category(slug: str) -> list[dict]:
    return [p for p in PRODUCTS if p["category"] == slug]


# ---- search -------------------------------------------------------------------------------------------
STOPWORDS = {"a", "an", "the", "for", "of", "and", "with", "me", "to", "in", "on", "my", "i", "some", "buy", "find", "order", "size", "any"}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))}


def query_terms(query: str) -> list[str]:
    return [w for w in (_stem(w) for w in re.findall(r"[a-z0-9]+", query.lower().replace("'", ""))) if w not in STOPWORDS]


def search_products(query: str) -> tuple[list[dict], bool]:
    """Products for `query`, most relevant first, and whether they match every term.

    A product matches a term when its title, brand, department or tags hold that word (plurals folded).
    If nothing matches every term, the products matching the most terms are returned instead."""
    terms = query_terms(query)
    if not terms:
        return list(PRODUCTS), True
    scored = []
    for product in PRODUCTS:
        title = _words(product["title"])
        haystack = title | _words(" ".join((product["brand"], CATEGORY_NAMES[product["category"]], product["tags"])))
        hits = sum(term in haystack for term in terms)
        if hits:
            scored.append((hits, sum(term in title for term in terms), product["reviews"], product))
    scored.sort(key=lambda row: (-row[0], -row[1], -row[2]))
    exact = [row[3] for row in scored if row[0] == len(terms)]
    if exact:
        return exact, True
    best = scored[0][0] if scored else 0
    return [row[3] for row in scored if row[0] == best], False
