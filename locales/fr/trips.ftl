# trips
