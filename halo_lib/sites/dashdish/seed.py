"""DashDish's restaurants (20, each with 8-12 dishes, 179 in all), its cuisines, search, and the account's past orders.

Dish ids are "<restaurant id>-<n>"; a dish has one price or a list of sizes [(label, price)] (the first is the
default). What the v2 scripts name, and the traps beside it:

    Wingstop        Lemon Pepper Wings and six other wing flavors (6/10/15/24 pc), a 50 pc family pack
                    dashdish-7, -17 (two flavors, Express), -26 (pickup under $35)
    Wing Haus       another wing place that also sells Lemon Pepper Wings (wrong restaurant for -7/-17/-26)
    Taco Boys       tacos, burritos, platters (dashdish-8: $20 worth); El Taco Loco is the other taco place
    Golden Spit Rotisserie   the only "Rotisserie Chicken Sandwich" (dashdish-24)
    noodles (-1), pizza incl. Little Caesars' Hot-N-Ready Pepperoni (-3), chicken sandwiches (-4), fries (-10),
    subs (-11), rice dishes (-12): each at several places and prices, some too dear once fees, tax and tip
    are added, so a careful user has to read the total.

No restaurant name holds a word that makes every one of its dishes match a script that reads restaurantName
(dashdish-12: "rice", "bowl", ...; dashdish-11: "sub", "hero", "sandwich", ...) except Subway, a sub shop.

    from halo_lib.sites.dashdish.seed import RESTAURANTS, restaurant_by_id, dish_by_id, search
"""

from __future__ import annotations

import re

CUISINES: list[tuple[str, str]] = [
    ("wings", "Wings"),
    ("pizza", "Pizza"),
    ("mexican", "Mexican"),
    ("chinese", "Chinese"),
    ("japanese", "Japanese"),
    ("thai", "Thai"),
    ("vietnamese", "Vietnamese"),
    ("indian", "Indian"),
    ("sandwiches", "Sandwiches"),
    ("burgers", "Burgers"),
    ("chicken", "Chicken"),
    ("healthy", "Healthy"),
    ("mediterranean", "Mediterranean"),
    ("breakfast", "Breakfast"),
    ("desserts", "Desserts"),
]
CUISINE_NAMES = dict(CUISINES)

WINGS = [("6 pc", 8.99), ("10 pc", 13.99), ("15 pc", 19.99), ("24 pc", 29.99)]
SUB = [("6-inch", 6.49), ("Footlong", 10.49)]

# (id, name, cuisines, rating, reviews, eta minutes, delivery fee, address, dishes)
# dish: (name, description, price or [(size, price)], menu section)
_ROWS: list[tuple] = [
    (
        "wingstop",
        "Wingstop",
        ["wings", "chicken"],
        4.6,
        3120,
        "25-35",
        1.99,
        "2290 Mission St, San Francisco, CA",
        [
            ("Lemon Pepper Wings", "Classic bone-in wings tossed in our zesty lemon pepper dry rub.", WINGS, "Wings"),
            ("Original Hot Wings", "Classic bone-in wings in our signature Original Hot sauce.", WINGS, "Wings"),
            ("Garlic Parmesan Wings", "Bone-in wings with savory garlic and aged parmesan.", WINGS, "Wings"),
            ("Mango Habanero Wings", "Sweet mango heat with a habanero kick.", WINGS, "Wings"),
            ("Hickory Smoked BBQ Wings", "Smoky, sweet hickory barbecue sauce.", WINGS, "Wings"),
            ("Louisiana Rub Wings", "Dry rub with Cajun spices and garlic.", WINGS, "Wings"),
            ("Atomic Wings", "Our hottest flavor, for heat seekers only.", WINGS, "Wings"),
            (
                "Lemon Pepper Boneless Wings",
                "All-white-meat boneless wings in lemon pepper dry rub.",
                [("8 pc", 9.49), ("14 pc", 15.49)],
                "Boneless",
            ),
            ("50 pc Wing Family Pack", "50 classic wings in up to 4 flavors, 2 large seasoned fries and 4 dips.", 59.99, "Combos"),
            ("Chicken Sandwich", "Crispy chicken breast, pickles and ranch on a toasted bun.", 7.49, "Sandwiches"),
            ("Seasoned Fries", "Hand-cut fries with our signature seasoning.", [("Regular", 3.49), ("Large", 4.99)], "Sides"),
            ("Cajun Fried Corn", "Sweet corn on the cob, fried and dusted with Cajun spice.", 3.99, "Sides"),
        ],
    ),
    (
        "wing-haus",
        "Wing Haus",
        ["wings", "chicken"],
        4.3,
        870,
        "30-45",
        2.49,
        "515 Geary St, San Francisco, CA",
        [
            ("Lemon Pepper Wings", "Crispy wings dusted in lemon pepper.", [("8 pc", 10.99), ("16 pc", 19.99)], "Wings"),
            ("Buffalo Wings", "Classic buffalo sauce with celery and blue cheese.", [("8 pc", 10.99), ("16 pc", 19.99)], "Wings"),
            ("Honey Garlic Wings", "Sticky honey garlic glaze.", [("8 pc", 10.99), ("16 pc", 19.99)], "Wings"),
            ("Korean Gochujang Wings", "Sweet and spicy gochujang glaze with sesame.", [("8 pc", 11.99), ("16 pc", 21.99)], "Wings"),
            ("Chicken Tenders", "Four hand-breaded tenders with honey mustard.", 9.49, "Tenders"),
            ("Cheese Curds", "Wisconsin cheese curds, beer battered.", 6.99, "Sides"),
            ("Haus Fries", "Crinkle-cut fries with garlic salt.", 3.99, "Sides"),
            ("Celery & Carrots", "Fresh veggie sticks with ranch.", 1.99, "Sides"),
        ],
    ),
    (
        "taco-boys",
        "Taco Boys",
        ["mexican"],
        4.7,
        2045,
        "20-30",
        0.99,
        "3071 24th St, San Francisco, CA",
        [
            ("Carne Asada Taco", "Grilled steak, onion and cilantro on a corn tortilla.", 3.75, "Tacos"),
            ("Al Pastor Taco", "Marinated pork with pineapple, onion and cilantro.", 3.50, "Tacos"),
            ("Baja Fish Taco", "Beer-battered cod, cabbage slaw and chipotle crema.", 4.25, "Tacos"),
            ("Carne Asada Burrito", "Steak, pinto beans, Mexican rice, pico de gallo and guacamole.", 10.99, "Burritos"),
            ("Chicken Burrito", "Grilled chicken, black beans, Mexican rice, cheese and salsa.", 9.99, "Burritos"),
            ("Taco Boys Platter", "Three tacos of your choice with rice and beans.", 12.99, "Platters"),
            ("Cheese Quesadilla", "Flour tortilla with melted Monterey Jack.", 7.49, "Quesadillas"),
            ("Nachos Supreme", "Chips, queso, beans, jalapenos, sour cream and guacamole.", 9.49, "Starters"),
            ("Chips & Guacamole", "Fresh tortilla chips with house guacamole.", 5.49, "Starters"),
            ("Horchata", "Sweet cinnamon rice milk.", [("Medium", 3.25), ("Large", 4.25)], "Drinks"),
            ("Churros", "Three cinnamon sugar churros with chocolate sauce.", 4.99, "Desserts"),
        ],
    ),
    (
        "el-taco-loco",
        "El Taco Loco",
        ["mexican"],
        4.2,
        640,
        "30-40",
        1.99,
        "1620 Polk St, San Francisco, CA",
        [
            ("Street Tacos (3)", "Three mini tacos with your choice of meat.", 8.99, "Tacos"),
            ("Super Burrito", "Carnitas, rice, beans, cheese, sour cream and guacamole.", 12.49, "Burritos"),
            ("Veggie Burrito", "Grilled peppers, rice, black beans and salsa verde.", 10.49, "Burritos"),
            ("Enchiladas Rojas", "Three chicken enchiladas in red sauce.", 13.99, "Plates"),
            ("Chicken Tostada", "Crispy tostada with chicken, beans and lettuce.", 7.99, "Plates"),
            ("Elote", "Grilled corn with cotija and chili.", 4.49, "Sides"),
            ("Mexican Rice & Beans", "A side of Mexican rice and refried beans.", 3.99, "Sides"),
            ("Agua Fresca", "Jamaica, tamarindo or horchata.", 3.49, "Drinks"),
        ],
    ),
    (
        "little-caesars",
        "Little Caesars",
        ["pizza"],
        4.1,
        1530,
        "20-30",
        0.99,
        "1800 Divisadero St, San Francisco, CA",
        [
            ("Hot-N-Ready Pepperoni Pizza", "Classic large pepperoni pizza, ready when you are.", 7.49, "Pizzas"),
            ("Hot-N-Ready Cheese Pizza", "Classic large cheese pizza.", 6.99, "Pizzas"),
            ("ExtraMostBestest Pepperoni Pizza", "Extra pepperoni and extra cheese, large.", 9.49, "Pizzas"),
            ("3 Meat Treat Pizza", "Pepperoni, sausage and bacon, large.", 11.49, "Pizzas"),
            ("Ultimate Supreme Pizza", "Pepperoni, sausage, peppers, onions and mushrooms, large.", 11.99, "Pizzas"),
            ("Crazy Bread", "Eight breadsticks with garlic and parmesan.", 3.99, "Sides"),
            ("Caesar Wings", "Eight oven-roasted wings, Buffalo or BBQ.", 8.99, "Sides"),
            ("Italian Cheese Bread", "Bread topped with cheese and Italian seasoning.", 5.49, "Sides"),
            ("Cookie Dough Brownie", "M&M's brownie with cookie dough, 4 pieces.", 5.99, "Desserts"),
        ],
    ),
    (
        "tonys-pizzeria",
        "Tony's Pizzeria",
        ["pizza"],
        4.8,
        2210,
        "35-50",
        3.49,
        "1570 Stockton St, San Francisco, CA",
        [
            (
                "Margherita Pizza",
                "San Marzano tomato, fresh mozzarella and basil.",
                [('12"', 16.99), ('16"', 23.99), ('20"', 31.99)],
                "Pizzas",
            ),
            (
                "Pepperoni Pizza",
                "Cup-and-char pepperoni and whole-milk mozzarella.",
                [('12"', 17.99), ('16"', 25.99), ('20"', 33.99)],
                "Pizzas",
            ),
            (
                "Supreme Pizza",
                "Sausage, pepperoni, peppers, onions, olives and mushrooms.",
                [('12"', 21.99), ('16"', 29.99), ('20"', 38.99)],
                "Pizzas",
            ),
            ("Garlic Knots", "Six knots with garlic butter and marinara.", 6.99, "Starters"),
            ("Caesar Salad", "Romaine, parmesan, croutons and Caesar dressing.", 10.99, "Salads"),
            ("Meatball Parm Hero", "Meatballs, marinara and provolone on a hero roll.", 14.99, "Heroes"),
            ("Spaghetti & Meatballs", "House marinara and beef meatballs.", 17.99, "Pasta"),
            ("Cannoli", "Two crisp shells with sweet ricotta.", 6.49, "Desserts"),
            ("Italian Cold Cut Sub", "Salami, capicola, ham, provolone, lettuce and hot peppers on a seeded roll.", 13.99, "Heroes"),
        ],
    ),
    (
        "subway",
        "Subway",
        ["sandwiches"],
        4.0,
        980,
        "20-30",
        1.49,
        "901 Market St, San Francisco, CA",
        [
            ("Italian B.M.T. Sub", "Genoa salami, spicy pepperoni and Black Forest ham.", SUB, "Subs"),
            ("Turkey Breast Sub", "Oven-roasted turkey breast with your choice of veggies.", SUB, "Subs"),
            ("Meatball Marinara Sub", "Italian-style meatballs in marinara with parmesan.", SUB, "Subs"),
            ("Steak & Cheese Sub", "Shaved steak, peppers, onions and American cheese.", [("6-inch", 7.99), ("Footlong", 12.99)], "Subs"),
            ("Tuna Sub", "Tuna with mayo, lettuce and tomato.", SUB, "Subs"),
            ("Veggie Delite Sub", "Lettuce, tomato, cucumbers, peppers and onions.", [("6-inch", 5.29), ("Footlong", 8.49)], "Subs"),
            ("Chips", "Classic potato chips.", 1.79, "Sides"),
            ("Chocolate Chip Cookie", "Fresh-baked cookie.", 0.99, "Sides"),
            ("Fountain Drink", "Coke, Diet Coke or Sprite.", [("Medium", 2.29), ("Large", 2.69)], "Drinks"),
        ],
    ),
    (
        "golden-spit",
        "Golden Spit Rotisserie",
        ["chicken", "sandwiches"],
        4.5,
        760,
        "25-40",
        1.99,
        "455 Valencia St, San Francisco, CA",
        [
            (
                "Rotisserie Chicken Sandwich",
                "Pulled rotisserie chicken, garlic aioli, arugula and pickled onion on ciabatta.",
                11.49,
                "Sandwiches",
            ),
            ("Crispy Chicken Sandwich", "Buttermilk fried chicken, slaw and pickles on a brioche bun.", 10.99, "Sandwiches"),
            ("Quarter Rotisserie Chicken", "Dark meat quarter chicken with one side.", 11.99, "Chicken"),
            ("Half Rotisserie Chicken Meal", "Half chicken with two sides and cornbread.", 18.99, "Chicken"),
            ("Whole Rotisserie Chicken Family Meal", "Whole chicken, three large sides and four cornbreads.", 39.99, "Chicken"),
            ("Rotisserie Chicken Caesar Salad", "Romaine, parmesan, croutons and rotisserie chicken.", 12.49, "Salads"),
            ("Mac & Cheese", "Creamy three-cheese macaroni.", 4.49, "Sides"),
            ("Garlic Mashed Potatoes", "Yukon Gold potatoes with roasted garlic.", 4.49, "Sides"),
            ("Cornbread", "Sweet honey cornbread.", 2.49, "Sides"),
        ],
    ),
    (
        "crispy-coop",
        "Crispy Coop",
        ["chicken", "sandwiches"],
        4.6,
        1890,
        "20-35",
        0.99,
        "2100 Fillmore St, San Francisco, CA",
        [
            ("Classic Chicken Sandwich", "Crispy chicken breast, pickles and mayo on a buttered bun.", 7.99, "Sandwiches"),
            ("Spicy Chicken Sandwich", "Nashville hot chicken breast, slaw and pickles.", 8.49, "Sandwiches"),
            (
                "Deluxe Chicken Sandwich Combo",
                "Chicken sandwich with lettuce, tomato and cheese, waffle fries and a drink.",
                13.99,
                "Combos",
            ),
            ("Chicken Tenders (4)", "Four hand-breaded tenders with your choice of sauce.", 8.99, "Tenders"),
            ("Chicken Tenders (8)", "Eight hand-breaded tenders with two sauces.", 15.99, "Tenders"),
            ("Waffle Fries", "Crispy waffle-cut potatoes.", [("Medium", 3.29), ("Large", 4.19)], "Sides"),
            ("Mac & Cheese", "Baked macaroni with cheddar.", 3.99, "Sides"),
            ("Buttermilk Biscuit", "Flaky biscuit with honey butter.", 1.99, "Sides"),
            ("Fresh Lemonade", "Squeezed daily.", [("Medium", 2.99), ("Large", 3.59)], "Drinks"),
        ],
    ),
    (
        "burger-barn",
        "Burger Barn",
        ["burgers"],
        4.4,
        1420,
        "25-35",
        2.49,
        "1298 Howard St, San Francisco, CA",
        [
            ("Classic Smash Burger", "Two smashed patties, American cheese, pickles and barn sauce.", 9.99, "Burgers"),
            ("Bacon Cheeseburger", "Smash patties with bacon and cheddar.", 11.99, "Burgers"),
            ("Mushroom Swiss Burger", "Sauteed mushrooms and Swiss cheese.", 11.49, "Burgers"),
            ("Burger Combo", "Classic smash burger with regular fries and a soft drink.", 15.99, "Combos"),
            ("Fries", "Crispy shoestring fries with sea salt.", [("Regular", 3.99), ("Large", 5.49)], "Sides"),
            ("Loaded Chili Cheese Fries", "Fries smothered in chili, cheddar and onions.", [("Regular", 8.99), ("Large", 11.99)], "Sides"),
            ("Sweet Potato Fries", "With chipotle mayo.", 4.99, "Sides"),
            ("Onion Rings", "Beer-battered rings.", 4.99, "Sides"),
            ("Chocolate Milkshake", "Hand-spun with vanilla ice cream and chocolate.", 6.49, "Shakes"),
        ],
    ),
    (
        "mian-noodle-bar",
        "Mian Noodle Bar",
        ["chinese"],
        4.7,
        1310,
        "25-40",
        1.99,
        "640 Clement St, San Francisco, CA",
        [
            ("Dan Dan Noodles", "Wheat noodles, spicy pork, Sichuan pepper and peanuts.", 12.95, "Noodles"),
            (
                "Beef Noodle Soup",
                "Braised beef shank, bok choy and hand-pulled noodles in rich broth.",
                [("Regular", 14.95), ("Large", 17.95)],
                "Noodles",
            ),
            ("Scallion Oil Noodles", "Chewy noodles tossed in fragrant scallion oil.", 10.95, "Noodles"),
            ("Chicken Lo Mein", "Soft egg noodles stir-fried with chicken and vegetables.", 13.95, "Noodles"),
            ("Biang Biang Noodles", "Wide hand-ripped noodles with cumin lamb and chili oil.", 16.95, "Noodles"),
            ("Pork Soup Dumplings (6)", "Xiao long bao with ginger vinegar.", 9.95, "Dumplings"),
            ("Pork & Chive Dumplings (10)", "Pan-fried potstickers.", 10.95, "Dumplings"),
            ("Smashed Cucumber Salad", "Garlic, black vinegar and chili.", 6.95, "Small Plates"),
            ("Sesame Balls", "Glutinous sesame balls with red bean paste.", 5.95, "Desserts"),
        ],
    ),
    (
        "panda-wok",
        "Panda Wok",
        ["chinese"],
        4.2,
        2260,
        "20-30",
        1.49,
        "788 Kearny St, San Francisco, CA",
        [
            ("Orange Chicken Plate", "Crispy orange chicken with a side of steamed white rice.", 11.49, "Plates"),
            ("Beef & Broccoli Plate", "Wok-seared beef and broccoli with steamed white rice.", 12.49, "Plates"),
            (
                "Chicken Fried Rice",
                "Wok-fried rice with chicken, egg, peas, carrots and scallions.",
                [("Regular", 9.99), ("Large", 13.99)],
                "Rice",
            ),
            ("Shrimp Fried Rice", "Wok-fried rice with shrimp, egg and scallions.", 12.99, "Rice"),
            ("Steamed White Rice", "A side of jasmine rice.", 2.49, "Rice"),
            ("Chow Mein", "Stir-fried noodles with cabbage, celery and onion.", [("Regular", 8.99), ("Large", 12.49)], "Noodles"),
            ("Kung Pao Chicken", "Chicken, peanuts, zucchini and chili.", 11.99, "Entrees"),
            ("Egg Rolls (2)", "Crispy rolls with cabbage and pork, sweet and sour sauce.", 4.49, "Appetizers"),
            ("Hot & Sour Soup", "Tofu, bamboo shoots and mushrooms.", 4.99, "Soups"),
        ],
    ),
    (
        "pho-saigon",
        "Pho Saigon",
        ["vietnamese"],
        4.5,
        1105,
        "30-45",
        2.99,
        "320 Larkin St, San Francisco, CA",
        [
            ("Pho Tai", "Rice noodle soup with rare beef and a 12-hour beef broth.", [("Small", 12.50), ("Large", 15.50)], "Pho"),
            ("Pho Ga", "Rice noodle soup with chicken.", [("Small", 12.00), ("Large", 15.00)], "Pho"),
            ("Bun Thit Nuong", "Vermicelli noodles with grilled pork, herbs and fish sauce.", 13.95, "Vermicelli"),
            ("Com Tam", "Broken rice plate with grilled pork chop, egg and pickles.", 14.50, "Rice Plates"),
            ("Lemongrass Chicken Rice Plate", "Grilled lemongrass chicken over jasmine rice.", 13.95, "Rice Plates"),
            ("Banh Mi Sandwich", "Grilled pork, pate, pickled carrots and cilantro on a baguette.", 8.95, "Banh Mi"),
            ("Fresh Spring Rolls (2)", "Shrimp, pork and herbs with peanut sauce.", 6.95, "Appetizers"),
            ("Vietnamese Iced Coffee", "Dark roast with condensed milk.", 5.25, "Drinks"),
        ],
    ),
    (
        "thai-basil",
        "Thai Basil",
        ["thai"],
        4.6,
        1675,
        "25-40",
        2.49,
        "1032 Irving St, San Francisco, CA",
        [
            ("Pad Thai", "Rice noodles with egg, tofu, bean sprouts and crushed peanuts.", 14.95, "Noodles"),
            ("Pad See Ew", "Wide rice noodles with Chinese broccoli in sweet soy.", 14.95, "Noodles"),
            ("Drunken Noodles", "Spicy wide noodles with basil, peppers and onions.", 15.95, "Noodles"),
            ("Green Curry", "Coconut green curry with bamboo shoots, served with jasmine rice.", 15.95, "Curries"),
            ("Pineapple Fried Rice", "Fried rice with pineapple, cashews, raisins and curry powder.", 15.95, "Rice"),
            ("Basil Chicken Over Rice", "Minced chicken stir-fried with holy basil, fried egg, over jasmine rice.", 14.50, "Rice"),
            ("Tom Yum Soup", "Hot and sour lemongrass soup with shrimp.", 9.95, "Soups"),
            ("Chicken Satay", "Grilled skewers with peanut sauce and cucumber relish.", 10.95, "Appetizers"),
            ("Thai Iced Tea", "Sweet black tea with cream.", 4.95, "Drinks"),
            ("Mango Sticky Rice", "Sweet coconut sticky rice with fresh mango.", 8.95, "Desserts"),
        ],
    ),
    (
        "sakura-sushi",
        "Sakura Sushi",
        ["japanese"],
        4.7,
        1980,
        "30-45",
        2.99,
        "1737 Post St, San Francisco, CA",
        [
            ("Chicken Teriyaki Bento", "Teriyaki chicken, steamed rice, salad, gyoza and miso soup.", 16.95, "Bento"),
            ("Salmon Poke Bowl", "Salmon, avocado, edamame and seaweed salad over sushi rice.", 17.50, "Bowls"),
            ("Gyudon", "Simmered beef and onion over steamed rice.", 14.95, "Donburi"),
            ("Chicken Katsu Curry", "Panko chicken cutlet with Japanese curry and rice.", 16.50, "Donburi"),
            ("Tonkotsu Ramen", "Pork broth, chashu, soft egg and thin noodles.", 16.95, "Ramen"),
            ("California Roll", "Crab, avocado and cucumber, 8 pieces.", 8.95, "Rolls"),
            ("Spicy Tuna Roll", "Tuna, spicy mayo and cucumber, 8 pieces.", 9.95, "Rolls"),
            ("Edamame", "Steamed soybeans with sea salt.", 5.50, "Small Plates"),
            ("Miso Soup", "Tofu, wakame and scallions.", 3.50, "Small Plates"),
        ],
    ),
    (
        "bombay-spice",
        "Bombay Spice",
        ["indian"],
        4.5,
        1240,
        "30-45",
        2.99,
        "2520 Mission St, San Francisco, CA",
        [
            (
                "Chicken Biryani",
                "Basmati rice layered with spiced chicken, saffron and fried onions.",
                [("Regular", 15.99), ("Family", 27.99)],
                "Biryani",
            ),
            ("Vegetable Biryani", "Basmati rice with seasonal vegetables, mint and saffron.", 13.99, "Biryani"),
            ("Butter Chicken", "Tandoori chicken in a creamy tomato sauce, with basmati rice.", 17.99, "Curries"),
            ("Chicken Tikka Masala", "Grilled chicken in a spiced masala sauce, with basmati rice.", 17.99, "Curries"),
            ("Palak Paneer", "Cottage cheese in creamy spinach, with basmati rice.", 15.99, "Curries"),
            ("Jeera Rice", "Basmati rice with toasted cumin.", 4.99, "Sides"),
            ("Garlic Naan", "Leavened flatbread brushed with garlic butter.", 3.99, "Breads"),
            ("Vegetable Samosas (2)", "Crisp pastries stuffed with spiced potatoes and peas.", 6.99, "Starters"),
            ("Mango Lassi", "Yogurt and mango smoothie.", 4.99, "Drinks"),
        ],
    ),
    (
        "green-leaf",
        "Green Leaf Kitchen",
        ["healthy"],
        4.4,
        690,
        "20-30",
        1.99,
        "150 Spear St, San Francisco, CA",
        [
            ("Harvest Salad", "Kale, roasted squash, apples, goat cheese and cider vinaigrette.", 13.49, "Salads"),
            ("Chicken Caesar Salad", "Romaine, grilled chicken, parmesan crisps.", 13.99, "Salads"),
            ("Greek Salad", "Cucumbers, tomatoes, olives, feta and oregano.", 11.99, "Salads"),
            ("Chicken Avocado Wrap", "Grilled chicken, avocado, greens and lime crema in a spinach tortilla.", 11.99, "Wraps"),
            ("Falafel Wrap", "Falafel, hummus, cucumber and tahini.", 10.99, "Wraps"),
            ("Tomato Basil Soup", "Slow-roasted tomatoes and basil.", 6.49, "Soups"),
            ("Green Goddess Smoothie", "Spinach, banana, mango and almond milk.", 7.99, "Smoothies"),
            ("Avocado Toast", "Sourdough, smashed avocado, chili flakes and lemon.", 9.49, "Toast"),
        ],
    ),
    (
        "olive-grill",
        "Olive & Ember Grill",
        ["mediterranean"],
        4.6,
        930,
        "25-40",
        1.99,
        "399 Grove St, San Francisco, CA",
        [
            ("Chicken Shawarma Plate", "Marinated chicken shawarma over saffron rice with salad and garlic sauce.", 16.49, "Plates"),
            ("Lamb Kofta Plate", "Grilled lamb kofta over rice pilaf with hummus.", 18.49, "Plates"),
            ("Falafel Plate", "Falafel, hummus, tabbouleh and pita.", 14.49, "Plates"),
            ("Gyro Sandwich", "Beef and lamb gyro, tzatziki, tomato and onion in pita.", 11.99, "Sandwiches"),
            ("Chicken Shawarma Wrap", "Chicken shawarma, pickles and garlic sauce in lavash.", 11.49, "Wraps"),
            ("Hummus & Pita", "Creamy hummus with olive oil and warm pita.", 7.99, "Mezze"),
            ("Greek Fries", "Fries with feta, oregano and lemon.", 6.49, "Mezze"),
            ("Baklava", "Layers of phyllo, walnuts and honey.", 4.99, "Desserts"),
        ],
    ),
    (
        "morning-glory",
        "Morning Glory Cafe",
        ["breakfast"],
        4.5,
        1180,
        "20-35",
        1.49,
        "1898 Union St, San Francisco, CA",
        [
            ("Buttermilk Pancakes", "Three pancakes with maple syrup and butter.", 11.49, "Griddle"),
            ("Belgian Waffle", "With berries and whipped cream.", 12.49, "Griddle"),
            ("Bacon Egg & Cheese Sandwich", "Fried egg, bacon and cheddar on a brioche bun.", 8.99, "Sandwiches"),
            ("Veggie Omelette", "Three eggs, peppers, spinach, mushrooms and feta, with toast.", 13.49, "Eggs"),
            ("Breakfast Burrito", "Eggs, chorizo, potatoes and cheese.", 11.99, "Eggs"),
            ("Hash Browns", "Crispy shredded potatoes.", 3.99, "Sides"),
            ("Fruit Cup", "Seasonal fruit.", 4.49, "Sides"),
            ("Cold Brew Coffee", "Slow-steeped for 18 hours.", [("Medium", 4.25), ("Large", 4.95)], "Drinks"),
        ],
    ),
    (
        "sweet-tooth",
        "Sweet Tooth Bakery",
        ["desserts"],
        4.8,
        560,
        "20-30",
        1.99,
        "2201 Chestnut St, San Francisco, CA",
        [
            ("Red Velvet Cupcake", "With cream cheese frosting.", 4.25, "Cupcakes"),
            ("Chocolate Fudge Cupcake", "Dark chocolate with fudge frosting.", 4.25, "Cupcakes"),
            ("Cupcake Half Dozen", "Six assorted cupcakes.", 22.99, "Cupcakes"),
            ("Chocolate Chip Cookies (3)", "Brown butter cookies with sea salt.", 5.49, "Cookies"),
            ("New York Cheesecake Slice", "Classic cheesecake with graham crust.", 7.49, "Cakes"),
            ("Tiramisu", "Espresso-soaked ladyfingers and mascarpone.", 7.99, "Cakes"),
            ("Lemon Bar", "Buttery shortbread with lemon curd.", 3.99, "Bars"),
            ("Birthday Cake", "6-inch vanilla cake with sprinkles, serves 6-8.", 34.99, "Cakes"),
        ],
    ),
]


def _dish(restaurant: dict, index: int, row: tuple) -> dict:
    name, description, price, section = row
    sizes = price if isinstance(price, list) else [("Regular", price)]
    return {
        "id": f"{restaurant['id']}-{index}",
        "name": name,
        "description": description,
        "restaurantId": restaurant["id"],
        "restaurantName": restaurant["name"],
        "section": section,
        "sizes": [{"label": label, "price": value} for label, value in sizes],
        "price": sizes[0][1],
        "hasSizes": isinstance(price, list),
    }


def _build() -> list[dict]:
    restaurants = []
    for rid, name, cuisines, rating, reviews, eta, fee, address, dishes in _ROWS:
        restaurant = {
            "id": rid,
            "name": name,
            "cuisines": cuisines,
            "rating": rating,
            "reviews": reviews,
            "eta": eta,
            "deliveryFee": fee,
            "address": address,
        }
        restaurant["dishes"] = [_dish(restaurant, i + 1, row) for i, row in enumerate(dishes)]
        sections: list[str] = []
        for dish in restaurant["dishes"]:
            if dish["section"] not in sections:
                sections.append(dish["section"])
        restaurant["sections"] = sections
        restaurants.append(restaurant)
    return restaurants


RESTAURANTS: list[dict] = _build()
_BY_ID = {r["id"]: r for r in RESTAURANTS}
_DISHES = {d["id"]: d for r in RESTAURANTS for d in r["dishes"]}


def restaurant_by_id(rid: str) -> dict | None:
    return _BY_ID.get(rid)


def dish_by_id(did: str) -> dict | None:
    return _DISHES.get(did)


def in_cuisine(slug: str) -> list[dict]:
    return [r for r in RESTAURANTS if slug in r["cuisines"]]


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            if suffix == "ies":
                return word[:-3] + "y"
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "sses")):
                return word[:-1]  # "noodles" -> "noodle", "fries" handled by "ies"
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))]


def _matches(query_words: list[str], text: str) -> bool:
    words = set(_words(text))
    joined = " ".join(_words(text))
    return all(q in words or (len(q) >= 4 and q in joined) for q in query_words)


def search(query: str) -> tuple[list[dict], list[dict]]:
    """(restaurants, dishes) matching every word of `query` (plurals folded), best matches first.

    A restaurant matches on its name or cuisine; a dish on its name, description, section or restaurant name.
    Dishes whose own name matches come before those matched only through description or restaurant."""
    words = _words(query)
    if not words:
        return [], []
    restaurants = [r for r in RESTAURANTS if _matches(words, r["name"] + " " + " ".join(CUISINE_NAMES[c] for c in r["cuisines"]))]
    by_name, by_other = [], []
    for r in RESTAURANTS:
        for d in r["dishes"]:
            if _matches(words, d["name"]):
                by_name.append(d)
            elif _matches(words, " ".join((d["name"], d["description"], d["section"], r["name"]))):
                by_other.append(d)
    return restaurants, by_name + by_other


def _past_line(did: str, size: str, quantity: int) -> dict:
    dish = dish_by_id(did)
    price = next(s["price"] for s in dish["sizes"] if s["label"] == size)
    return {
        "id": f"{did}:{size}",
        "dishId": did,
        "name": dish["name"],
        "description": dish["description"],
        "restaurantId": dish["restaurantId"],
        "restaurantName": dish["restaurantName"],
        "size": size,
        "quantity": quantity,
        "price": price,
    }


# The account's earlier orders (initial state: never part of the /finish diff).
PAST_ORDER_ROWS = [
    (
        "DD-7Q3K9P",
        "2024-07-02T19:14:00.000Z",
        [("burger-barn-1", "Regular", 2), ("burger-barn-8", "Regular", 1)],
        "Delivery",
        "Standard",
        0.15,
    ),
    ("DD-4M8T2X", "2024-07-09T12:41:00.000Z", [("green-leaf-2", "Regular", 1)], "Pickup", "", 0.0),
    (
        "DD-9B1R6W",
        "2024-07-13T18:05:00.000Z",
        [("sakura-sushi-6", "Regular", 2), ("sakura-sushi-8", "Regular", 1)],
        "Delivery",
        "Express",
        0.20,
    ),
]
